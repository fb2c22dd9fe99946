//! Which way each type travels: requests serialize what they send, responses deserialize what they
//! carry, so each type gets only the serde impls its uses need, and a type that travels neither way
//! is not emitted.

use std::collections::BTreeSet;

use crate::ir::{Body, Param, Resource, Response, TypeDef, TypeDefKind, TypeId, TypeRef};

/// Marks every type reachable from a request or a response. A type no method reaches is marked both
/// ways, with everything it contains, so that it stays usable on its own; but an inline JSON body
/// (not one of `components`) is set field by field and appears in no signature, so it is marked
/// neither way unless something else holds it.
pub(super) fn mark(types: &mut [TypeDef], resources: &[Resource], components: &BTreeSet<TypeId>) {
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    let mut inline_bodies = BTreeSet::new();
    for method in resources.iter().flat_map(|resource| &resource.methods) {
        requests.extend(method.path_params.iter().chain(&method.params).map(|param: &Param| param.ty.clone()));
        match &method.body {
            Some(Body::Object { ty, .. }) if !components.contains(ty) => {
                inline_bodies.insert(*ty);
                if let TypeDefKind::Struct(object) = &types[ty.index()].kind {
                    requests.extend(object.fields.iter().map(|field| field.ty.clone()));
                }
            }
            Some(Body::Object { ty, .. }) => requests.push(TypeRef::Named(*ty)),
            Some(Body::Multipart { fields }) => requests.extend(fields.iter().map(|field| field.ty.clone())),
            Some(Body::Whole { ty, .. }) => requests.push(ty.clone()),
            Some(Body::Raw { .. }) | None => {}
        }
        if let Response::Json(ty) = &method.response {
            responses.push(ty.clone());
        }
    }
    // Types no method reaches are roots both ways, so that what they contain serializes both
    // ways too.
    let (request, response) = (reachable(types, &requests), reachable(types, &responses));
    let unreached = (0..types.len())
        .filter(|index| !request[*index] && !response[*index])
        .map(TypeId::new)
        .filter(|id| !inline_bodies.contains(id));
    let unreached: Vec<TypeRef> = unreached.map(TypeRef::Named).collect();
    requests.extend(unreached.iter().cloned());
    responses.extend(unreached);
    let (request, response) = (reachable(types, &requests), reachable(types, &responses));
    for (index, def) in types.iter_mut().enumerate() {
        def.usage.request = request[index];
        def.usage.response = response[index];
    }
}

/// For each type, whether one of `roots` reaches it.
fn reachable(types: &[TypeDef], roots: &[TypeRef]) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut pending: Vec<TypeId> = roots.iter().filter_map(TypeRef::mentioned).collect();
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut seen[id.index()], true) {
            continue;
        }
        let inner: Vec<&TypeRef> = match &types[id.index()].kind {
            TypeDefKind::Struct(object) => object.fields.iter().map(|field| &field.ty).collect(),
            TypeDefKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
            TypeDefKind::Alias(target) => vec![target],
            TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) => Vec::new(),
        };
        pending.extend(inner.into_iter().filter_map(TypeRef::mentioned));
    }
    seen
}
