//! Recursive types: a field or variant whose type contains, directly, the type that holds it would
//! make the type infinitely large, so it is boxed. References through `Vec` or maps already have
//! indirection; options do not.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeDefKind, TypeRef};

/// Marks `boxed` every field and union variant that closes a cycle of direct references.
pub(super) fn box_recursive_references(types: &mut BTreeMap<String, TypeDef>) {
    let edges: BTreeMap<&str, BTreeSet<&str>> =
        types.iter().map(|(name, def)| (name.as_str(), direct_references(def).collect())).collect();
    let component = strongly_connected_components(&edges);
    let cyclic = |from: &str, to: &str| component.get(from).is_some_and(|id| component.get(to) == Some(id));
    let boxed: Vec<(String, usize)> = types
        .iter()
        .flat_map(|(name, def)| {
            let targets: Vec<Option<&str>> = match &def.kind {
                TypeDefKind::Struct(fields) => fields.iter().map(|field| direct(&field.ty)).collect(),
                TypeDefKind::Union(union) => union.variants.iter().map(|variant| direct(&variant.ty)).collect(),
                _ => Vec::new(),
            };
            targets
                .into_iter()
                .enumerate()
                .filter(|(_, target)| target.is_some_and(|target| cyclic(name, target)))
                .map(|(index, _)| (name.clone(), index))
                .collect::<Vec<_>>()
        })
        .collect();
    for (name, index) in boxed {
        match &mut types.get_mut(&name).expect("a lowered type").kind {
            TypeDefKind::Struct(fields) => fields[index].boxed = true,
            TypeDefKind::Union(union) => union.variants[index].boxed = true,
            _ => {}
        }
    }
}

fn direct(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

fn direct_references(def: &TypeDef) -> impl Iterator<Item = &str> {
    let types: Vec<&TypeRef> = match &def.kind {
        TypeDefKind::Struct(fields) => fields.iter().map(|field| &field.ty).collect(),
        TypeDefKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
        TypeDefKind::Alias(target) => vec![target],
        TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) => Vec::new(),
    };
    types.into_iter().filter_map(direct)
}

/// Each node's component id (Kosaraju, iterative so deep specs cannot overflow the stack). A node
/// with a self-loop is cyclic with itself, which the caller sees as the same component.
fn strongly_connected_components<'a>(edges: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> BTreeMap<&'a str, usize> {
    let mut order = Vec::new();
    let mut visited = BTreeSet::new();
    for &start in edges.keys() {
        if !visited.insert(start) {
            continue;
        }
        let mut stack = vec![(start, edges[start].iter().copied().collect::<Vec<_>>())];
        while let Some((node, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(next) if edges.contains_key(next) && visited.insert(next) => {
                    stack.push((next, edges[next].iter().copied().collect()));
                }
                Some(_) => {}
                None => {
                    order.push(*node);
                    stack.pop();
                }
            }
        }
    }
    let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (&from, targets) in edges {
        for &to in targets {
            reverse.entry(to).or_default().push(from);
        }
    }
    let mut component = BTreeMap::new();
    for (id, &root) in order.iter().rev().enumerate() {
        if component.contains_key(root) {
            continue;
        }
        let mut stack = vec![root];
        component.insert(root, id);
        while let Some(node) = stack.pop() {
            for &previous in reverse.get(node).into_iter().flatten() {
                if !component.contains_key(previous) {
                    component.insert(previous, id);
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
