//! The `webhook_events` module of a provider whose spec has webhooks: the event a delivery decodes
//! to, one variant per webhook, and `Webhooks`, which checks that a delivery is genuine first.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{allow_deprecated, doc, mentions_named, module_doc, rust_type, Scope};
use crate::ir::{Api, WebhookSignature};

pub fn webhooks_module(api: &Api) -> TokenStream {
    let module_doc = module_doc(&format!(
        "The events the {} sends to webhook endpoints, and the check that a delivery is genuine.",
        api.api_name()
    ));
    let types = api.webhooks.iter().any(|webhook| mentions_named(&webhook.payload)).then(|| {
        quote!(
            use super::types;
        )
    });
    let deprecated = api.webhooks.iter().any(|webhook| webhook.deprecated)
        || allow_deprecated(api, api.webhooks.iter().map(|webhook| &webhook.payload)).is_some();
    let allow = deprecated.then(|| quote!(#[allow(deprecated)]));
    let variants = api.webhooks.iter().map(|webhook| {
        let (variant, payload) = (&webhook.variant, rust_type(api, &webhook.payload, Scope::Sibling));
        let text = match &webhook.doc {
            Some(text) => format!("`{}`: {text}", webhook.name),
            None => format!("The `{}` webhook.", webhook.name),
        };
        let doc = doc(Some(&text));
        let deprecated = webhook.deprecated.then(|| quote!(#[deprecated]));
        quote!(#doc #deprecated #variant(Box<#payload>),)
    });
    let names = api.webhooks.iter().map(|webhook| {
        let (variant, name) = (&webhook.variant, &webhook.name);
        quote!(Self::#variant(_) => Some(#name),)
    });
    let decode = decode(api);
    let verifier = verifier(api);
    quote! {
        #module_doc
        use crate::runtime;
        #types

        /// An event the API delivers to a webhook endpoint, by webhook. Deliveries of a webhook this
        /// SDK does not know decode as `Unknown`, kept as received.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        #allow
        pub enum WebhookEvent {
            #(#variants)*
            /// An event this version of the SDK does not know, as received.
            Unknown(runtime::UnknownValue<serde_json::Value>),
        }

        #allow
        impl WebhookEvent {
            /// The webhook's name in the spec, or `None` for an event this SDK does not know.
            pub fn name(&self) -> Option<&'static str> {
                match self {
                    #(#names)*
                    Self::Unknown(_) => None,
                }
            }

            #decode
        }

        #verifier
    }
}

/// `decode`: the first webhook whose header and payload values the delivery carries, the most
/// specific first; then the webhooks nothing tells apart, the first whose payload decodes.
fn decode(api: &Api) -> TokenStream {
    // Webhooks that carry the same values are tried in turn: the first whose payload decodes.
    let groups = api.webhook_groups();
    let matched = groups.iter().map(|group| {
        let headers = group[0].headers.iter().map(|(name, value)| quote!(header(#name) == Some(#value)));
        let properties = group[0].properties.iter().map(|(name, value)| quote!(property(#name) == Some(#value)));
        let conditions: Vec<TokenStream> = headers.chain(properties).collect();
        let (last, others) = group.split_last().unwrap_or_else(|| unreachable!("groups are never empty"));
        let others = others.iter().map(|webhook| {
            let (variant, name) = (&webhook.variant, &webhook.name);
            quote! {
                if let Ok(event) = runtime::webhooks::decode(payload.clone(), #name) {
                    return Ok(Self::#variant(event));
                }
            }
        });
        let (variant, name) = (&last.variant, &last.name);
        quote! {
            if #(#conditions)&&* {
                #(#others)*
                return runtime::webhooks::decode(payload, #name).map(Self::#variant);
            }
        }
    });
    let tried = api.webhooks.iter().filter(|webhook| !webhook.is_told_apart()).map(|webhook| {
        let variant = &webhook.variant;
        quote! {
            if let Ok(event) = serde_json::from_value(payload.clone()) {
                return Ok(Self::#variant(Box::new(event)));
            }
        }
    });
    let header = api
        .webhooks
        .iter()
        .any(|webhook| !webhook.headers.is_empty())
        .then(|| quote!(let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());));
    let property = api
        .webhooks
        .iter()
        .any(|webhook| !webhook.properties.is_empty())
        .then(|| quote!(let property = |name: &str| payload.get(name).and_then(serde_json::Value::as_str);));
    let headers_argument = if header.is_some() { quote!(headers) } else { quote!(_headers) };
    quote! {
        /// Decodes a delivery that was checked already (see [`Webhooks::unwrap`]): as the webhook
        /// whose header and payload values it carries. A body that is not JSON, or that does not
        /// decode as that webhook's payload, is an error naming the webhook.
        pub fn decode(#headers_argument: &reqwest::header::HeaderMap, body: &[u8]) -> Result<Self, runtime::Error> {
            let payload = runtime::webhooks::payload(body)?;
            #header
            #property
            #(#matched)*
            #(#tried)*
            Ok(Self::Unknown(runtime::UnknownValue::new(payload)))
        }
    }
}

fn verifier(api: &Api) -> TokenStream {
    let (scheme, name) = match api.webhook_signature {
        WebhookSignature::Standard => (quote!(StandardWebhooks), "Standard Webhooks"),
        WebhookSignature::Github => (quote!(GitHub), "GitHub"),
        WebhookSignature::Stripe => (quote!(Stripe), "Stripe"),
    };
    let doc = doc(Some(&format!(
        "Checks that webhook deliveries are genuine, then decodes them. The {} signs them as {name} does.",
        api.api_name()
    )));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub enum Webhooks {}

        impl Webhooks {
            /// How the API signs its deliveries.
            pub const SIGNATURE: runtime::SignatureScheme = runtime::SignatureScheme::#scheme;

            /// Checks that a delivery is genuine (signed with the endpoint's `secret`, recently),
            /// then decodes it. A bad, stale or missing signature is [`Error::Webhook`](runtime::Error::Webhook),
            /// and nothing is decoded.
            pub fn unwrap(body: &[u8], headers: &reqwest::header::HeaderMap, secret: &str) -> Result<WebhookEvent, runtime::Error> {
                Self::verify(body, headers, secret)?;
                WebhookEvent::decode(headers, body)
            }

            /// Checks that a delivery is genuine, without decoding it.
            pub fn verify(body: &[u8], headers: &reqwest::header::HeaderMap, secret: &str) -> Result<(), runtime::Error> {
                runtime::WebhookVerifier::new(Self::SIGNATURE, secret)?.verify(headers, body)?;
                Ok(())
            }
        }
    }
}
