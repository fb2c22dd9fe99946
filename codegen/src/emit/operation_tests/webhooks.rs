//! A test per webhook: a delivery made from its payload schema, with the header and payload values
//! that name it, decodes as that webhook. No server, no signature: decoding alone.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::values::json_value;
use crate::ir::{Api, Webhook, UNUSED_SCHEMAS_FEATURE};

/// The `webhook_events` test module, if the API has webhooks.
pub(super) fn webhook_tests(api: &Api, module: &TokenStream, gated: bool) -> Option<TokenStream> {
    // A delivery decodes as the first webhook of its group whose payload fits, so only one alone
    // in its group is sure to be named.
    let groups = api.webhook_groups();
    let alone = |webhook: &Webhook| groups.iter().any(|group| group.len() == 1 && group[0].name == webhook.name);
    let tests: Vec<TokenStream> =
        api.webhooks.iter().filter_map(|webhook| webhook_test(api, module, webhook, alone(webhook))).collect();
    if tests.is_empty() {
        return None;
    }
    let cfg = (gated && api.resource_features().contains(&UNUSED_SCHEMAS_FEATURE))
        .then(|| quote!(#[cfg(feature = #UNUSED_SCHEMAS_FEATURE)]));
    Some(quote! {
        #cfg
        mod webhook_events {
            #(#tests)*
        }
    })
}

fn webhook_test(api: &Api, module: &TokenStream, webhook: &Webhook, unique: bool) -> Option<TokenStream> {
    let mut payload = json_value(api, &webhook.payload)?;
    for (property, value) in &webhook.properties {
        payload.as_object_mut()?.insert(property.clone(), serde_json::Value::from(value.as_str()));
    }
    let body = payload.to_string();
    let writable = |value: &str| value.bytes().all(|byte| (b' '..=b'~').contains(&byte));
    if !webhook.headers.iter().all(|(_, value)| writable(value)) {
        return None;
    }
    let inserts = webhook
        .headers
        .iter()
        .map(|(name, value)| quote!(headers.insert(#name, reqwest::header::HeaderValue::from_static(#value));));
    let mutable = (!webhook.headers.is_empty()).then(|| quote!(mut));
    let name = &webhook.name;
    let check = if unique {
        quote!(assert_eq!(event.name(), Some(#name), "{event:?}");)
    } else {
        quote!(assert!(event.name().is_some(), "{event:?}");)
    };
    let test = format_ident!("decodes_{}", webhook.variant.bare().to_snake_case());
    Some(quote! {
        #[test]
        fn #test() {
            let #mutable headers = reqwest::header::HeaderMap::new();
            #(#inserts)*
            let event = #module::WebhookEvent::decode(&headers, #body.as_bytes()).unwrap_or_else(|error| panic!("{error}"));
            #check
        }
    })
}
