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
    loop {
        let merged = merge_round(types);
        if merged.is_empty() {
            return;
        }
        for def in types.iter_mut() {
            rewrite_references(&mut def.kind, &merged);
        }
        for (from, to) in merged {
            types[from.index()].kind = TypeDefKind::Alias(TypeRef::Named(to));
        }
    }
}

/// One pass: each type that is not an alias and equals an earlier one, with that earlier one.
fn merge_round(types: &[TypeDef]) -> HashMap<TypeId, TypeId> {
    let mut first_of_kind: HashMap<String, TypeId> = HashMap::new();
    let mut merged = HashMap::new();
    for (index, def) in types.iter().enumerate() {
        if matches!(def.kind, TypeDefKind::Alias(_)) {
            continue;
        }
        let id = TypeId::new(index);
        let first = *first_of_kind.entry(identity(def)).or_insert(id);
        if first != id {
            merged.insert(id, first);
        }
    }
    merged
}

/// What makes two types the same: their whole definition but name, description and where recursion
/// puts boxes (computed again afterwards).
fn identity(def: &TypeDef) -> String {
    let mut kind = def.kind.clone();
    match &mut kind {
        TypeDefKind::Struct(object) => object.fields.iter_mut().for_each(|field| field.boxed = false),
        TypeDefKind::Union(union) => union.variants.iter_mut().for_each(|variant| variant.boxed = false),
        TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) | TypeDefKind::Alias(_) => {}
    }
    format!("{}{kind:?}", def.deprecated)
}

fn rewrite_references(kind: &mut TypeDefKind, merged: &HashMap<TypeId, TypeId>) {
    let rewrite = |ty: &mut TypeRef| ty.rename_named(&|id| merged.get(&id).copied().unwrap_or(id));
    match kind {
        TypeDefKind::Struct(object) => object.fields.iter_mut().for_each(|field| rewrite(&mut field.ty)),
        TypeDefKind::Union(union) => union.variants.iter_mut().for_each(|variant| rewrite(&mut variant.ty)),
        TypeDefKind::Alias(target) => rewrite(target),
        TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) => {}
    }
}
