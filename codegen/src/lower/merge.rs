//! Types that are the same in everything but their name and description become one. Big specs
//! define the same inline enum or object in hundreds of places (GitHub has 722 `read`/`write`
//! enums); each copy would be compiled, and values of one could not be given where another is
//! wanted. The first of a kind (components come first) keeps its definition; each other becomes an
//! alias of it under its own name and description, so every name users see still works. Merging
//! compares types with their references merged, but every field and variant then reads the type
//! its own schema named: `Pet.tags` stays `Vec<Tag>` when `Tag` is merged into `Category`, and a
//! name never changes because an unrelated type came first.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use crate::ir::{TypeDef, TypeDefKind, TypeId, TypeRef, Types};

/// Merges identical types, repeatedly: merging two enums can make the structs that hold them
/// identical in turn. `kept` are never merged: inline request bodies, which no signature names
/// (so merging saves nothing) and whose setters must read their own fields' names.
pub(super) fn merge_identical_types(types: &mut Types, kept: &BTreeSet<TypeId>) {
    let named: Vec<TypeDefKind> = types.iter().map(|def| def.kind.clone()).collect();
    let mut merged_away = vec![false; types.len()];
    // Each type's shape, computed again only when merging rewrote what it refers to.
    let mut shapes: Vec<Option<u64>> = types.iter().map(shape).collect();
    for id in kept {
        shapes[id.index()] = None;
    }
    loop {
        let merged = merge_round(types, &shapes);
        if merged.is_empty() {
            break;
        }
        for (index, (def, shape_slot)) in types.iter_mut().zip(&mut shapes).enumerate() {
            if rewrite_references(&mut def.kind, &merged) && !kept.contains(&TypeId::new(index)) {
                *shape_slot = shape(def);
            }
        }
        for (from, to) in merged {
            types[from].kind = TypeDefKind::Alias(TypeRef::Named(to));
            shapes[from.index()] = None;
            merged_away[from.index()] = true;
        }
    }
    // What is left refers to what its schemas named, now aliases where merged.
    for ((def, kind), merged_away) in types.iter_mut().zip(named).zip(merged_away) {
        if !merged_away {
            def.kind = kind;
        }
    }
}

/// One pass: each type that is not an alias and equals an earlier one, with that earlier one.
/// Types are compared only with the first of each kind whose shape is theirs.
fn merge_round(types: &Types, shapes: &[Option<u64>]) -> HashMap<TypeId, TypeId> {
    let mut firsts_by_shape: HashMap<u64, Vec<TypeId>> = HashMap::new();
    let mut merged = HashMap::new();
    for (index, shape) in shapes.iter().enumerate() {
        let Some(shape) = shape else { continue };
        let (id, def) = (TypeId::new(index), &types[TypeId::new(index)]);
        let firsts = firsts_by_shape.entry(*shape).or_default();
        match firsts.iter().find(|first| identical(&types[**first], def)) {
            Some(first) => {
                merged.insert(id, *first);
            }
            None => firsts.push(id),
        }
    }
    merged
}

/// What makes two types the same: their whole definition but name and description. (Recursion
/// puts its boxes after merging, so they play no part.)
fn identical(first: &TypeDef, other: &TypeDef) -> bool {
    first.deprecated == other.deprecated && first.kind == other.kind
}

/// A hash of most of what [`identical`] compares (all but JSON values and bounds), so that types
/// are compared with few others. Aliases are not merged: `None`.
fn shape(def: &TypeDef) -> Option<u64> {
    let mut hasher = std::hash::DefaultHasher::new();
    def.deprecated.hash(&mut hasher);
    match &def.kind {
        TypeDefKind::Alias(_) => return None,
        TypeDefKind::Struct(object) => {
            for field in &object.fields {
                (&field.wire_name, &field.doc, &field.ty, field.required, field.nullable, field.deprecated)
                    .hash(&mut hasher);
            }
        }
        TypeDefKind::Enum(variants) => variants.iter().for_each(|variant| variant.value.hash(&mut hasher)),
        TypeDefKind::IntegerEnum(variants) => variants.iter().for_each(|variant| variant.value.hash(&mut hasher)),
        TypeDefKind::Union(union) => {
            union.variants.iter().for_each(|variant| (&variant.name, &variant.ty).hash(&mut hasher))
        }
    }
    std::mem::discriminant(&def.kind).hash(&mut hasher);
    Some(hasher.finish())
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
