//! Types that are the same in everything but their name and description become one. Big specs
//! define the same inline enum or object in hundreds of places (GitHub has 722 `read`/`write`
//! enums); each copy would be compiled, and values of one could not be given where another is
//! wanted. The first of a kind (components come first) keeps its definition; each other becomes an
//! alias of it under its own name and description, so every name users see still works.

use std::collections::HashMap;

use crate::ir::{TypeDef, TypeDefKind, TypeId, TypeRef};

/// Merges identical types, repeatedly: merging two enums can make the structs that hold them
/// identical in turn.
pub(super) fn merge_identical_types(types: &mut [TypeDef]) {
    // Each type's identity, computed again only when merging rewrote what it refers to.
    let mut identities: Vec<Option<String>> = types.iter().map(identity).collect();
    loop {
        let merged = merge_round(&identities);
        if merged.is_empty() {
            return;
        }
        for (def, identity_slot) in types.iter_mut().zip(&mut identities) {
            if rewrite_references(&mut def.kind, &merged) {
                *identity_slot = identity(def);
            }
        }
        for (from, to) in merged {
            types[from.index()].kind = TypeDefKind::Alias(TypeRef::Named(to));
            identities[from.index()] = None;
        }
    }
}

/// One pass: each type that is not an alias and equals an earlier one, with that earlier one.
fn merge_round(identities: &[Option<String>]) -> HashMap<TypeId, TypeId> {
    let mut first_of_kind: HashMap<&str, TypeId> = HashMap::new();
    let mut merged = HashMap::new();
    for (index, identity) in identities.iter().enumerate() {
        let Some(identity) = identity else { continue };
        let id = TypeId::new(index);
        let first = *first_of_kind.entry(identity).or_insert(id);
        if first != id {
            merged.insert(id, first);
        }
    }
    merged
}

/// What makes two types the same: their whole definition but name and description. (Recursion
/// puts its boxes after merging, so they play no part.) Aliases are not merged: `None`.
fn identity(def: &TypeDef) -> Option<String> {
    (!matches!(def.kind, TypeDefKind::Alias(_))).then(|| format!("{}{:?}", def.deprecated, def.kind))
}

/// Points references to merged types at what they were merged into; whether any changed.
fn rewrite_references(kind: &mut TypeDefKind, merged: &HashMap<TypeId, TypeId>) -> bool {
    let changed = std::cell::Cell::new(false);
    let rewrite = |ty: &mut TypeRef| {
        ty.rename_named(&|id| match merged.get(&id) {
            Some(target) => {
                changed.set(true);
                *target
            }
            None => id,
        })
    };
    match kind {
        TypeDefKind::Struct(object) => object.fields.iter_mut().for_each(|field| rewrite(&mut field.ty)),
        TypeDefKind::Union(union) => union.variants.iter_mut().for_each(|variant| rewrite(&mut variant.ty)),
        TypeDefKind::Alias(target) => rewrite(target),
        TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) => {}
    }
    changed.get()
}
