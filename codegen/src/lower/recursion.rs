//! Recursive types: a field or variant whose type contains, directly, the type that holds it would
//! make the type infinitely large, so it is boxed. References through `Vec` or maps already have
//! indirection; options do not.

use std::collections::{BTreeMap, BTreeSet};

use super::types::TypeLowerer;
use crate::diagnostics::Error;
use crate::ir::{TypeDef, TypeDefKind, TypeId, TypeRef, Types};

/// Fails on component schemas that are only other names for each other, in a cycle (`A` is `B`, `B`
/// is `A`): they describe no value at all.
pub(super) fn reject_alias_cycles(lowerer: &TypeLowerer<'_>) -> Result<(), Error> {
    let types = &lowerer.types;
    let edges: BTreeMap<TypeId, BTreeSet<TypeId>> = types
        .with_ids()
        .map(|(id, def)| {
            let target = match &def.kind {
                TypeDefKind::Alias(target) => target.named(),
                _ => None,
            };
            (id, target.into_iter().collect())
        })
        .collect();
    let component = strongly_connected_components(&edges);
    for (&from, targets) in &edges {
        if let Some(&to) = targets.first().filter(|to| component.get(to) == component.get(&from)) {
            let pointer = lowerer.component_pointer(from).unwrap_or_default();
            let message = format!(
                "`{}` is only another name for `{}`, which leads back to it: give one of them a schema",
                types[from].name, types[to].name
            );
            return Err(lowerer.error(&pointer, message));
        }
    }
    Ok(())
}

/// Marks `boxed` every field and union variant that closes a cycle of direct references.
pub(super) fn box_recursive_references(types: &mut Types) {
    let edges: BTreeMap<TypeId, BTreeSet<TypeId>> =
        types.with_ids().map(|(id, def)| (id, direct_references(def).collect())).collect();
    let component = strongly_connected_components(&edges);
    let cyclic = |from: TypeId, to: TypeId| component.get(&from).is_some_and(|id| component.get(&to) == Some(id));
    for (index, def) in types.iter_mut().enumerate() {
        let from = TypeId::new(index);
        match &mut def.kind {
            TypeDefKind::Struct(object) => {
                for field in &mut object.fields {
                    field.boxed = field.ty.named().is_some_and(|to| cyclic(from, to));
                }
            }
            TypeDefKind::Union(union) => {
                for variant in &mut union.variants {
                    variant.boxed = variant.ty.named().is_some_and(|to| cyclic(from, to));
                }
            }
            _ => {}
        }
    }
}

fn direct_references(def: &TypeDef) -> impl Iterator<Item = TypeId> + '_ {
    let types: Vec<&TypeRef> = match &def.kind {
        TypeDefKind::Struct(object) => object.fields.iter().map(|field| &field.ty).collect(),
        TypeDefKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
        TypeDefKind::Alias(target) => vec![target],
        TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) => Vec::new(),
    };
    types.into_iter().filter_map(TypeRef::named)
}

/// Each node's component id (Kosaraju, iterative so deep specs cannot overflow the stack). A node
/// with a self-loop is cyclic with itself, which the caller sees as the same component.
fn strongly_connected_components<N: Copy + Ord>(edges: &BTreeMap<N, BTreeSet<N>>) -> BTreeMap<N, usize> {
    let mut order = Vec::new();
    let mut visited = BTreeSet::new();
    for &start in edges.keys() {
        if !visited.insert(start) {
            continue;
        }
        let mut stack = vec![(start, edges[&start].iter().copied().collect::<Vec<_>>())];
        while let Some((node, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(next) if edges.contains_key(&next) && visited.insert(next) => {
                    stack.push((next, edges[&next].iter().copied().collect()));
                }
                Some(_) => {}
                None => {
                    order.push(*node);
                    stack.pop();
                }
            }
        }
    }
    let mut reverse: BTreeMap<N, Vec<N>> = BTreeMap::new();
    for (&from, targets) in edges {
        for &to in targets {
            reverse.entry(to).or_default().push(from);
        }
    }
    let mut component = BTreeMap::new();
    for (id, &root) in order.iter().rev().enumerate() {
        if component.contains_key(&root) {
            continue;
        }
        let mut stack = vec![root];
        component.insert(root, id);
        while let Some(node) = stack.pop() {
            for &previous in reverse.get(&node).into_iter().flatten() {
                if let std::collections::btree_map::Entry::Vacant(entry) = component.entry(previous) {
                    entry.insert(id);
                    stack.push(previous);
                }
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found_and_nothing_else() {
        let edges: BTreeMap<&str, BTreeSet<&str>> = [
            ("Node", BTreeSet::from(["Node", "Leaf"])),
            ("A", BTreeSet::from(["B"])),
            ("B", BTreeSet::from(["A"])),
            ("Leaf", BTreeSet::new()),
        ]
        .into_iter()
        .collect();
        let component = strongly_connected_components(&edges);
        assert_eq!(component["A"], component["B"]);
        assert_ne!(component["Node"], component["Leaf"]);
        assert_ne!(component["A"], component["Node"]);
    }
}
