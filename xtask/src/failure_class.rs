//! Which class a failed operation belongs to, with the evidence that puts it there: the SDK's
//! (a wrong request, a response read wrongly), the test's values (valid in type but not in what the
//! spec asks of them), Prism's reading (the request is right by OpenAPI, but Prism reads that
//! encoding otherwise), or the spec's contradiction of itself (Prism refuses the response it made
//! from the spec). Decided from the cause of each failed test and what the operation sends.

use std::collections::BTreeSet;

use sdkgen::diagnostics::Pointer;
use sdkgen::ir::{Api, Body, BodyEncoding, Method, ParamLocation, ParamStyle, TypeDefKind, TypeRef};

use crate::prism_verdict::{Cause, REFUSED_ACCOUNT};

/// Who a failed operation points at, from the most to the least the SDK's.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) enum Class {
    Sdk,
    TestValues,
    PrismReading,
    SpecContradiction,
}

impl Class {
    pub(crate) const ALL: [Class; 4] = [Class::Sdk, Class::TestValues, Class::PrismReading, Class::SpecContradiction];

    pub(crate) fn label(self) -> &'static str {
        match self {
            Class::Sdk => "SDK",
            Class::TestValues => "test values",
            Class::PrismReading => "Prism's reading",
            Class::SpecContradiction => "spec contradiction",
        }
    }
}

/// What the classes need to know of an operation's request.
#[derive(Clone, Debug, Default)]
pub(crate) struct OperationFacts {
    /// Whether the operation declares only a failure (its tests pass on that status).
    pub(crate) only_failure: bool,
    /// Its method (lowercase) and path, as the spec writes them.
    pub(crate) route: (String, String),
    /// Whether the JSON Schema validator found one of its success response's examples breaking
    /// its schema: in static mode, Prism serves the first example it has.
    pub(crate) broken_example: bool,
    /// How its body goes, if it has one.
    body: Option<BodyEncoding>,
    /// The wire names of its body's properties, where the body is an object.
    body_fields: BTreeSet<String>,
    /// Its query parameters that are arrays of objects or arrays, or `deepObject`s with objects or
    /// arrays in them, which Prism reads otherwise than OpenAPI writes them.
    structured_query: BTreeSet<String>,
}

impl OperationFacts {
    /// Whether its body is a form or multipart, whose values Prism reads as text.
    fn textual_body(&self) -> bool {
        matches!(self.body, Some(BodyEncoding::Form | BodyEncoding::Multipart))
    }

    pub(crate) fn of(api: &Api, method: &Method) -> Self {
        let (body, body_fields) = match &method.body {
            Some(Body::Object { ty, encoding, .. }) => (Some(*encoding), fields_of(api, *ty)),
            Some(Body::Multipart { fields, .. }) => {
                (Some(BodyEncoding::Multipart), fields.iter().map(|field| field.wire_name.clone()).collect())
            }
            Some(Body::Whole { encoding, .. }) => (Some(*encoding), BTreeSet::new()),
            _ => (None, BTreeSet::new()),
        };
        let structured_query = method
            .params
            .iter()
            .filter(|param| param.location == ParamLocation::Query)
            .filter(|param| match (param.style, unwrapped(api, &param.ty)) {
                (ParamStyle::DeepObject, TypeRef::Named(id)) => match &api.ty(*id).kind {
                    TypeDefKind::Struct(object) => object.fields.iter().any(|field| is_structured(api, &field.ty)),
                    _ => false,
                },
                (_, TypeRef::Array(items)) => is_structured(api, items),
                _ => false,
            })
            .map(|param| param.wire_name.clone())
            .collect();
        let route = (method.http_method.as_str().to_lowercase(), method.path.clone());
        let only_failure = method.only_failure.is_some();
        OperationFacts { only_failure, route, broken_example: false, body, body_fields, structured_query }
    }

    /// Marks the operations that an example at one of the `broken` pointers belongs to.
    pub(crate) fn mark_broken_examples<'a>(operations: impl Iterator<Item = &'a mut Self>, broken: &[String]) {
        for facts in operations {
            let (method, path) = &facts.route;
            let responses = Pointer::root().push("paths").push(path).push(method).push("responses");
            let prefix = format!("{}/", responses.as_str());
            facts.broken_example = broken.iter().any(|pointer| pointer.starts_with(&prefix));
        }
    }
}

/// The wire names of the properties of the object type `ty`.
fn fields_of(api: &Api, ty: sdkgen::ir::TypeId) -> BTreeSet<String> {
    match &api.ty(ty).kind {
        TypeDefKind::Struct(object) => object.fields.iter().map(|field| field.wire_name.clone()).collect(),
        _ => BTreeSet::new(),
    }
}

/// `ty` past nullables and aliases.
fn unwrapped<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    match ty {
        TypeRef::Nullable(inner) => unwrapped(api, inner),
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeDefKind::Alias(inner) => unwrapped(api, inner),
            _ => ty,
        },
        _ => ty,
    }
}

/// Whether a value of `ty` is an object or an array rather than a scalar.
fn is_structured(api: &Api, ty: &TypeRef) -> bool {
    match unwrapped(api, ty) {
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json => true,
        TypeRef::Named(id) => !matches!(api.ty(*id).kind, TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_)),
        _ => false,
    }
}

/// The class of a failed test in static or dynamic mode, from its cause and its account (for a
/// refused request, the violations Prism listed: `request.<place>.<name> <message>`, joined by
/// `; `).
pub(crate) fn class_of(cause: Cause, dynamic: bool, account: &str, facts: &OperationFacts) -> Class {
    match cause {
        Cause::PrismResponse => Class::SpecContradiction,
        Cause::PrismFailed => Class::PrismReading,
        // The example Prism served breaks its schema, by a validator that is not our decoder.
        Cause::Sdk if !dynamic && facts.broken_example && account.contains(DECODE_FAILURE) => Class::SpecContradiction,
        Cause::Sdk if PRISM_LITERALLY.iter().any(|answer| account.contains(answer)) => Class::PrismReading,
        Cause::Sdk | Cause::Intermittent | Cause::Example => Class::Sdk,
        Cause::Request => {
            let refused = account.strip_prefix(REFUSED_ACCOUNT).unwrap_or(account);
            if only_misspelt_media(refused) {
                return Class::SpecContradiction;
            }
            let violations: Vec<Violation> = refused.split("; ").map(Violation::of).collect();
            // A form field or part that Prism read as a string fails its other checks too (a
            // union's members, an enum): they are Prism's reading as well.
            let read_as_text: BTreeSet<&str> = violations
                .iter()
                .filter(|violation| violation.area == "body" && facts.textual_body() && violation.of_type())
                .map(|violation| violation.name)
                .collect();
            // The first mark of the SDK decides; else the least excusing of the violations.
            let classes = violations.iter().map(|violation| match read_as_text.contains(violation.name) {
                true => Class::PrismReading,
                false => violation.class(facts),
            });
            classes.min().unwrap_or(Class::Sdk)
        }
    }
}

/// Whether Prism refused the body's media type for one the spec names but that does not exist
/// (`application/form-data`): the SDK sent the type the spec means, which is what servers read,
/// and Prism takes only the one written.
fn only_misspelt_media(refused: &str) -> bool {
    let Some((_, supported)) = refused.split_once(UNSUPPORTED_MEDIA) else { return false };
    supported.split(", ").all(|media| BodyEncoding::meant_by(&media.trim().to_ascii_lowercase()).is_some())
}

/// How Prism refuses a body's media type, before the ones it takes, joined by `, `: after
/// `INVALID_CONTENT_TYPE: ` in its own answer, after `request ` in its violations header.
const UNSUPPORTED_MEDIA: &str = "Supported content types: ";

/// How a test fails that could not read the response body.
const DECODE_FAILURE: &str = "could not decode the response body";
/// What a test fails with when Prism answered with a status literally, without what it implies: a
/// 101 with no protocol switched to, a redirect with no `Location`, or one to the spec's example
/// host on the internet, which the tests cannot reach.
const PRISM_LITERALLY: [&str; 3] =
    ["unexpected status: 101", "unexpected status: 30", "dns error: error resolving DNS"];

/// Prism's messages about a value that has the right type but not what the spec asks of it.
const VALUE_COMPLAINTS: [&str; 9] = [
    "must match pattern",
    "must match format",
    "must be <",
    "must be >",
    "must NOT have fewer",
    "must NOT have more",
    "must be equal to one of the allowed values",
    "must be multiple of",
    "must be equal to constant",
];
/// Prism's messages about a value's type, which it gives for form fields and parts it reads as
/// strings, or keeps only the last of.
const TYPE_COMPLAINTS: [&str; 6] =
    ["must be array", "must be object", "must be integer", "must be number", "must be boolean", "must be null"];

/// One of Prism's violations, `request.<place>[.<name>…] <message>`.
struct Violation<'a> {
    /// `body`, `query`, `path`, `header`…
    area: &'a str,
    /// The property or parameter, if the violation names one.
    name: &'a str,
    message: &'a str,
}

impl<'a> Violation<'a> {
    fn of(violation: &'a str) -> Self {
        let (location, message) = violation.split_once(' ').unwrap_or((violation, ""));
        let mut place = location.split('.').skip_while(|part| *part == "request");
        let (area, name) = (place.next().unwrap_or_default(), place.next().unwrap_or_default());
        Violation { area, name, message }
    }

    /// Whether it says the value has the wrong type.
    fn of_type(&self) -> bool {
        TYPE_COMPLAINTS.iter().any(|complaint| self.message.contains(complaint))
    }

    fn class(&self, facts: &OperationFacts) -> Class {
        let Violation { area, name, message } = *self;
        if area == "body" && facts.textual_body() && self.of_type() {
            return Class::PrismReading;
        }
        if area == "query" && facts.structured_query.contains(name) {
            return Class::PrismReading;
        }
        // Prism looks for a name with brackets (`page[number]`) percent-encoded, as no client sends it.
        if required_property(message).is_some_and(|property| property.contains("%5b") || property.contains("%5d")) {
            return Class::PrismReading;
        }
        // Prism cannot tell apart parameters that share a path segment (`/profiles/{id}{extension}`).
        if area == "path" && facts.route.1.contains("}{") {
            return Class::PrismReading;
        }
        if let Some(property) = required_property(message) {
            // A property that the spec requires of the body but does not declare, or a path
            // parameter that its path template has no place for: nothing can send it.
            if area == "body" && facts.body.is_some() && !facts.body_fields.contains(property) {
                return Class::SpecContradiction;
            }
            if area == "path" && !facts.route.1.contains(&format!("{{{property}}}")) {
                return Class::SpecContradiction;
            }
        }
        if VALUE_COMPLAINTS.iter().any(|complaint| message.contains(complaint)) {
            return Class::TestValues;
        }
        Class::Sdk
    }
}

/// `x` of Prism's "must have required property 'x'".
fn required_property(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("must have required property '")?;
    rest.split_once('\'').map(|(property, _)| property)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(body: Option<BodyEncoding>, body_fields: &[&str], structured_query: &[&str]) -> OperationFacts {
        OperationFacts {
            only_failure: false,
            route: ("get".to_owned(), "/things/{id}".to_owned()),
            broken_example: false,
            body,
            body_fields: body_fields.iter().map(|name| name.to_string()).collect(),
            structured_query: structured_query.iter().map(|name| name.to_string()).collect(),
        }
    }

    #[test]
    fn each_violation_points_where_its_evidence_does() {
        let form = facts(Some(BodyEncoding::Form), &["tags"], &["filter"]);
        let refused =
            |violations: &str| class_of(Cause::Request, false, &format!("{REFUSED_ACCOUNT}{violations}"), &form);
        assert_eq!(refused("request.body.tags must be array"), Class::PrismReading);
        // OpenAI's chunking strategy, a JSON part: its union's checks fail because it is text to Prism.
        let part = "request.body.config must be object; request.body.config must match a schema in anyOf";
        assert_eq!(refused(part), Class::PrismReading);
        assert_eq!(refused("request.query.filter must be object"), Class::PrismReading);
        assert_eq!(refused("request.query.limit must be >= 1"), Class::TestValues);
        assert_eq!(refused("request.body must have required property 'owner'"), Class::SpecContradiction);
        // The SDK did not send a property it declares: its own fault, whatever else Prism found.
        assert_eq!(refused("request.body must have required property 'tags'"), Class::Sdk);
        // OpenAI's certificate parameter, declared as `cert_id` for a path of `{certificate_id}`.
        assert_eq!(
            refused("request.path Request path must have required property 'cert_id'"),
            Class::SpecContradiction
        );
        assert_eq!(refused("request.path Request path must have required property 'id'"), Class::Sdk);
        // art19's `page[number]`, which Prism looks for percent-encoded.
        assert_eq!(
            refused("request.query Request query must have required property 'page%5bnumber%5d'"),
            Class::PrismReading
        );
        assert_eq!(refused("request.query.limit must be >= 1; request.header.x-id must be string"), Class::Sdk);
        // A JSON body's property of the wrong type is what the SDK wrote.
        let json = facts(Some(BodyEncoding::Json), &["tags"], &[]);
        assert_eq!(class_of(Cause::Request, false, "request.body.tags must be array", &json), Class::Sdk);
        assert_eq!(class_of(Cause::PrismResponse, false, "", &json), Class::SpecContradiction);
        assert_eq!(class_of(Cause::Example, false, "", &json), Class::Sdk);
        // Mastodon's `application/form-data`, which the SDK sends as `multipart/form-data`.
        let multipart = facts(Some(BodyEncoding::Multipart), &["notify"], &[]);
        for answer in ["INVALID_CONTENT_TYPE: ", "request "] {
            let media = |supported: &str| format!("{REFUSED_ACCOUNT}{answer}{UNSUPPORTED_MEDIA}{supported}");
            let misspelt = class_of(Cause::Request, false, &media("application/form-data"), &multipart);
            assert_eq!(misspelt, Class::SpecContradiction);
            assert_eq!(class_of(Cause::Request, false, &media("multipart/form-data"), &multipart), Class::Sdk);
        }
    }

    #[test]
    fn a_decode_failure_on_an_example_the_validator_refused_is_the_specs() {
        let mut operations = [facts(None, &[], &[])];
        let broken = ["/paths/~1things~1{id}/get/responses/200/content/application~1json/example".to_owned()];
        OperationFacts::mark_broken_examples(operations.iter_mut(), &broken);
        let decode = "could not decode the response body at `id`: invalid type (run again: …)";
        assert_eq!(class_of(Cause::Sdk, false, decode, &operations[0]), Class::SpecContradiction);
        // In dynamic mode Prism made the response from the schema: the failure is the SDK's.
        assert_eq!(class_of(Cause::Sdk, true, decode, &operations[0]), Class::Sdk);
        assert_eq!(class_of(Cause::Sdk, false, decode, &facts(None, &[], &[])), Class::Sdk);
        assert_eq!(
            class_of(Cause::Sdk, false, "unexpected status: 302 Found; body:", &operations[0]),
            Class::PrismReading
        );
    }
}
