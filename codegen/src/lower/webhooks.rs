//! Webhooks → the event a delivery decodes to: one variant per webhook, told apart by what its
//! deliveries must carry (a header such as GitHub's `X-GitHub-Event`, a payload property of one
//! value such as OpenAI's `type` or GitHub's `action`), and how the API signs deliveries.

use openapiv3::{Operation, Parameter, ReferenceOr};
use serde_json::Value;

use super::bodies::{essence, is_json};
use super::names::{self, Namespace};
use super::types::{TypeLowerer, Usage};
use crate::config::SdkConfig;
use crate::diagnostics::Error;
use crate::ir::{TypeDefKind, TypeRef, Types, Webhook, WebhookSignature};
use crate::load::LoadedSpec;

/// The spec's webhooks whose deliveries carry JSON, and the signature scheme: the config's, else
/// the one whose header the webhooks declare, else Standard Webhooks.
pub(super) fn lower_webhooks<'a>(
    spec: &'a LoadedSpec,
    config: &SdkConfig,
    types: &mut TypeLowerer<'a>,
) -> Result<(Vec<Webhook>, WebhookSignature), Error> {
    let mut variants = Namespace::new(&[crate::ir::reserved::UNKNOWN_VARIANT]);
    let mut webhooks = Vec::new();
    let mut declared_signature = None;
    for webhook in &spec.webhooks {
        let item = &webhook.item;
        let methods = [&item.post, &item.put, &item.patch, &item.get, &item.delete];
        let Some((method, operation)) = methods
            .iter()
            .zip(["post", "put", "patch", "get", "delete"])
            .find_map(|(op, name)| Some((name, op.as_ref()?)))
        else {
            continue;
        };
        let pointer = webhook.pointer.push(method);
        let parameters: Vec<&Parameter> = operation.parameters.iter().filter_map(ReferenceOr::as_item).collect();
        declared_signature = declared_signature.or_else(|| signature_of(&parameters));
        let Some((media, schema)) = json_payload(operation) else {
            types.warn(
                &pointer,
                format!(
                    "webhook `{}` declares no JSON payload; deliveries of it decode as unknown events",
                    webhook.name
                ),
            );
            continue;
        };
        let hint = format!("{}Webhook", names::pascal(&webhook.name));
        let schema_pointer = pointer.push("requestBody").push("content").push(media).push("schema");
        let payload = types.lower(schema.into(), &hint, &schema_pointer, Usage::Json, 0)?.ty;
        let summary = operation.summary.as_deref().or(operation.description.as_deref());
        webhooks.push(Webhook {
            name: webhook.name.clone(),
            variant: variants.pascal(&webhook.name),
            properties: constant_properties(&types.types, &payload),
            payload,
            doc: super::operations::trimmed(summary),
            deprecated: operation.deprecated,
            headers: event_headers(&parameters),
        });
    }
    let signature = config.webhooks.as_ref().map(|webhooks| webhooks.signature);
    Ok((webhooks, signature.or(declared_signature).unwrap_or_default()))
}

/// The JSON payload's media type and schema.
fn json_payload(operation: &Operation) -> Option<(&str, &openapiv3::ReferenceOr<openapiv3::Schema>)> {
    let body = operation.request_body.as_ref()?.as_item()?;
    body.content
        .iter()
        .find(|(media, _)| is_json(&essence(media)))
        .and_then(|(media, content)| Some((media.as_str(), content.schema.as_ref()?)))
}

/// The signature scheme whose header the webhook declares.
fn signature_of(parameters: &[&Parameter]) -> Option<WebhookSignature> {
    parameters.iter().find_map(|parameter| match parameter {
        Parameter::Header { parameter_data, .. } => match parameter_data.name.to_ascii_lowercase().as_str() {
            "x-hub-signature-256" => Some(WebhookSignature::Github),
            "stripe-signature" => Some(WebhookSignature::Stripe),
            "webhook-signature" => Some(WebhookSignature::Standard),
            _ => None,
        },
        _ => None,
    })
}

/// Header parameters that name the event (`X-GitHub-Event: check_run`), with the one value the
/// spec shows for them.
fn event_headers(parameters: &[&Parameter]) -> Vec<(String, String)> {
    parameters
        .iter()
        .filter_map(|parameter| match parameter {
            Parameter::Header { parameter_data, .. } => {
                let name = parameter_data.name.to_ascii_lowercase();
                let value = parameter_data.example.as_ref().and_then(Value::as_str)?;
                name.ends_with("-event").then(|| (name, value.to_owned()))
            }
            _ => None,
        })
        .collect()
}

/// Required payload properties of one possible value: what tells the webhook's deliveries apart.
/// For a union, those every variant has with the same value (GitHub's `action` beside variants
/// that differ in what else they carry).
fn constant_properties(types: &Types, payload: &TypeRef) -> Vec<(String, String)> {
    let Some(id) = types.resolve(payload).named() else { return Vec::new() };
    match &types[id].kind {
        TypeDefKind::Union(union) => {
            let mut variants = union.variants.iter().map(|variant| struct_constants(types, &variant.ty));
            let first = variants.next().unwrap_or_default();
            variants.fold(first, |common, next| common.into_iter().filter(|pair| next.contains(pair)).collect())
        }
        _ => struct_constants(types, payload),
    }
}

fn struct_constants(types: &Types, ty: &TypeRef) -> Vec<(String, String)> {
    let Some(fields) = types.struct_fields(ty) else { return Vec::new() };
    let one_value = |ty: &TypeRef| match types.resolve(ty).named().map(|id| &types[id].kind) {
        Some(TypeDefKind::Enum(variants)) if variants.len() == 1 => Some(variants[0].value.clone()),
        _ => None,
    };
    fields
        .iter()
        .filter(|field| field.required)
        .filter_map(|field| {
            let value =
                field.constant.as_ref().and_then(Value::as_str).map(str::to_owned).or_else(|| one_value(&field.ty));
            Some((field.wire_name.clone(), value?))
        })
        .collect()
}
