//! Which way each type travels: requests serialize what they send, responses deserialize what they
//! carry, so each type gets only the serde impls its uses need, and a type that travels neither way
//! is not emitted. Which resources reach each type, so that a crate with a cargo feature per
//! resource compiles only the types its enabled resources need.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Body, Method, Param, Resource, ResourceId, Response, TypeDefKind, TypeId, TypeRef, TypeUsage, Types};

/// Marks every type reachable from a request or a response, and what reaches it. A type no method
/// reaches is marked as a response's, with everything it contains, so that it stays usable on its
/// own (the `serialize` feature serializes it too); but an inline JSON body (not one of
/// `components`) is set field by field and appears in no signature, so it is marked neither way
/// unless something else holds it.
/// Webhook payloads are roots of responses (what applications receive) that no method reaches.
pub(super) fn mark(
    types: &mut Types,
    resources: &[Resource],
    components: &BTreeSet<TypeId>,
    webhook_payloads: &[TypeRef],
) {
    // Each resource's methods' roots, computed once for both markings.
    let roots: Vec<Vec<MethodRoots>> = resources
        .iter()
        .map(|resource| resource.methods.iter().map(|method| MethodRoots::of(method, types, components)).collect())
        .collect();
    let (mut requests, mut responses) = (Vec::new(), Vec::new());
    let mut inline_bodies = BTreeSet::new();
    for method in roots.iter().flatten() {
        requests.extend(method.requests.iter().cloned());
        responses.extend(method.responses.iter().cloned());
        inline_bodies.extend(method.inline_body);
    }
    // Types no method reaches (webhook payloads, say) are what applications receive: roots of
    // responses, with what they contain.
    let (request, response) = (reachable(types, &requests), reachable(types, &responses));
    let unreached: Vec<TypeId> = (0..types.len())
        .filter(|index| !request[*index] && !response[*index])
        .map(TypeId::new)
        .filter(|id| !inline_bodies.contains(id))
        .collect();
    // What merging identical types left behind is another name for a type: the spec's names stay
    // usable, but they make their target travel no further, and inline types' names are dropped.
    let (merged, unreached): (Vec<TypeId>, Vec<TypeId>) =
        unreached.into_iter().partition(|id| matches!(types[*id].kind, TypeDefKind::Alias(TypeRef::Named(_))));
    // Requests are as they were; responses now include the unreached types and webhook payloads.
    responses.extend(unreached.iter().copied().map(TypeRef::Named));
    responses.extend(webhook_payloads.iter().cloned());
    let response = reachable(types, &responses);
    for (index, def) in types.iter_mut().enumerate() {
        def.usage.request = request[index];
        def.usage.response = response[index];
    }
    let merged: Vec<TypeId> = merged.into_iter().filter(|id| components.contains(id)).collect();
    for id in &merged {
        types[*id].usage = TypeUsage { request: false, response: true };
    }
    let mut unused_schemas: Vec<TypeRef> = unreached.into_iter().chain(merged).map(TypeRef::Named).collect();
    unused_schemas.extend(webhook_payloads.iter().cloned());
    mark_reach(types, resources, &roots, &unused_schemas);
}

/// Records on each type what reaches it: the top resources whose methods (through sub-resources
/// too) do, and whether one of `unused_schemas` does.
fn mark_reach(types: &mut Types, resources: &[Resource], roots: &[Vec<MethodRoots>], unused_schemas: &[TypeRef]) {
    let mut roots_by_top: BTreeMap<ResourceId, Vec<TypeRef>> = BTreeMap::new();
    for (index, methods) in roots.iter().enumerate() {
        let top = top_resource(resources, ResourceId::new(index));
        let top_roots = roots_by_top.entry(top).or_default();
        for method in methods {
            top_roots.extend(method.requests.iter().chain(&method.responses).cloned());
        }
    }
    for (top, roots) in roots_by_top {
        let reached = reachable(types, &roots);
        for (def, reached) in types.iter_mut().zip(reached) {
            if reached {
                def.reach.resources.push(top);
            }
        }
    }
    let reached = reachable(types, unused_schemas);
    for (def, reached) in types.iter_mut().zip(reached) {
        def.reach.unused_schema = reached;
    }
}

fn top_resource(resources: &[Resource], mut id: ResourceId) -> ResourceId {
    // Parents come before their children, so this walk ends.
    while let Some(parent) = resources[id.index()].parent {
        id = parent;
    }
    id
}

/// The types a method names directly, by the way they travel.
struct MethodRoots {
    requests: Vec<TypeRef>,
    responses: Vec<TypeRef>,
    /// Its JSON body's struct when the body is inline (set field by field, named by no signature).
    inline_body: Option<TypeId>,
}

impl MethodRoots {
    fn of(method: &Method, types: &Types, components: &BTreeSet<TypeId>) -> Self {
        let mut requests: Vec<TypeRef> =
            method.path_params.iter().chain(&method.params).map(|param: &Param| param.ty.clone()).collect();
        let mut inline_body = None;
        match &method.body {
            Some(Body::Object { ty, .. }) if !components.contains(ty) => {
                inline_body = Some(*ty);
                let fields = types.struct_fields(&TypeRef::Named(*ty)).unwrap_or_default();
                requests.extend(fields.iter().map(|field| field.ty.clone()));
            }
            Some(Body::Object { ty, .. }) => requests.push(TypeRef::Named(*ty)),
            Some(Body::Multipart { fields, .. }) => requests.extend(fields.iter().map(|field| field.ty.clone())),
            Some(Body::Whole { ty, .. }) => requests.push(ty.clone()),
            Some(Body::Raw { .. }) | None => {}
        }
        let mut responses = match &method.response {
            Response::Json(ty) => vec![ty.clone()],
            _ => Vec::new(),
        };
        // Its own root: merging may have pointed the page's field at another name for it.
        responses.extend(method.pagination.iter().map(|pagination| pagination.item_type.clone()));
        responses.extend(method.events.iter().map(|events| events.ty.clone()));
        Self { requests, responses, inline_body }
    }
}

/// For each type, whether one of `roots` reaches it.
fn reachable(types: &Types, roots: &[TypeRef]) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut pending: Vec<TypeId> = roots.iter().filter_map(TypeRef::mentioned).collect();
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut seen[id.index()], true) {
            continue;
        }
        pending.extend(types[id].kind.mentioned());
    }
    seen
}
