//! Which crate each type of a large API goes to. rustc checks a crate on one core, and a crate of
//! thousands of types spends most of its check on them; cargo checks crates that do not depend on
//! each other side by side. So the API's users (its top resources, and the schemas no method uses)
//! are split into two groups of about the same weight: the types only one group reaches go to that
//! group's crate, and the types both reach to a shared crate, which the groups' crates use.
//!
//! On GitHub's crate with every feature on, `cargo check` took 0.6× the time of the crate with one
//! `types` module, on two cores (`docs/status.md`).

use std::collections::BTreeMap;

use crate::ir::{TypeCrate, TypeDef, TypeDefKind, TypeSplit, Types};

/// From how many structs responses carry the types are split by default: GitHub's 1,517 are; the
/// corpus's next largest, Stripe's, are not.
const SPLIT_FROM_OBJECTS: usize = 1_000;

/// Who reaches a type: a top resource's methods, or the schemas no method uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum User {
    Resource(usize),
    UnusedSchemas,
}

/// The split of `types`: when `wanted` says so, or by default when there are enough of them; none
/// when one of the crates would be empty.
pub fn split(types: &Types, wanted: Option<bool>) -> Option<TypeSplit> {
    let objects = types.iter().filter(|def| def.usage.response && matches!(def.kind, TypeDefKind::Struct(_)));
    if !wanted.unwrap_or_else(|| objects.count() >= SPLIT_FROM_OBJECTS) {
        return None;
    }
    let groups = user_groups(types);
    let mut crates: Vec<Option<TypeCrate>> =
        types.iter().map(|def| def.usage.is_emitted().then(|| crate_of_users(&users(def), &groups))).collect();
    keep_references_within_reach(types, &mut crates);
    // An API too small to fill every crate (one resource, say) keeps its types together.
    let filled = TypeCrate::ALL.iter().all(|krate| crates.contains(&Some(*krate)));
    filled.then(|| TypeSplit::new(crates))
}

/// What reaches `def`, in order.
fn users(def: &TypeDef) -> Vec<User> {
    let resources = def.reach.resources.iter().map(|id| User::Resource(id.index()));
    resources.chain(def.reach.unused_schema.then_some(User::UnusedSchemas)).collect()
}

/// Each user's group (`1` or `2`): the heaviest users first, each to the lighter group so far. A
/// user's weight is that of the types it alone reaches, a type's its fields and one.
fn user_groups(types: &Types) -> BTreeMap<User, u8> {
    let mut weights: BTreeMap<User, usize> = BTreeMap::new();
    for def in types.iter().filter(|def| def.usage.is_emitted()) {
        let users = users(def);
        for user in &users {
            let own = if users.len() == 1 { weight(def) } else { 0 };
            *weights.entry(*user).or_default() += own;
        }
    }
    let mut heaviest: Vec<(User, usize)> = weights.into_iter().collect();
    heaviest.sort_by_key(|(user, weight)| (std::cmp::Reverse(*weight), *user));
    let mut totals = [0usize; 2];
    heaviest
        .into_iter()
        .map(|(user, weight)| {
            let lighter = usize::from(totals[1] < totals[0]);
            totals[lighter] += weight;
            (user, lighter as u8 + 1)
        })
        .collect()
}

fn weight(def: &TypeDef) -> usize {
    match &def.kind {
        TypeDefKind::Struct(object) => object.fields.len() + 1,
        _ => 1,
    }
}

/// The group's crate when every user of a type is in one group; the shared crate otherwise, and
/// for a type nothing reaches.
fn crate_of_users(users: &[User], groups: &BTreeMap<User, u8>) -> TypeCrate {
    let mut in_groups = users.iter().filter_map(|user| groups.get(user));
    match in_groups.next() {
        Some(first) if in_groups.all(|group| group == first) => TypeCrate::Group(*first),
        _ => TypeCrate::Shared,
    }
}

/// Moves to the shared crate every type that a type outside its crate mentions, until none is: the
/// shared crate uses no group's, and a group's uses no other group's. (Reach already makes what a
/// type mentions reached by whatever reaches the type; this holds the split to it whatever happens.)
fn keep_references_within_reach(types: &Types, crates: &mut [Option<TypeCrate>]) {
    let mut moved = true;
    while moved {
        moved = false;
        for (index, def) in types.iter().enumerate() {
            let Some(holder) = crates[index] else { continue };
            for mentioned in def.kind.mentioned() {
                let slot = &mut crates[mentioned.index()];
                let usable = matches!(*slot, None | Some(TypeCrate::Shared)) || *slot == Some(holder);
                if !usable {
                    *slot = Some(TypeCrate::Shared);
                    moved = true;
                }
            }
        }
    }
}
