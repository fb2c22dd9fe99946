//! How a large API's types are spread over crates of their own: cargo checks crates that do not
//! depend on each other side by side, and rustc checks one crate on one core.

use super::ids::TypeId;

/// A crate of a split API's types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeCrate {
    /// The types both groups use, which each group's crate depends on.
    Shared,
    /// The types only the resources of one group use (`1` or `2`); the groups' crates do not
    /// depend on each other.
    Group(u8),
}

impl TypeCrate {
    /// Every crate, the shared one first: the order they are written in.
    pub const ALL: [TypeCrate; 3] = [TypeCrate::Shared, TypeCrate::Group(1), TypeCrate::Group(2)];

    /// What the crate's name adds to the SDK crate's, and its folder in the SDK crate's:
    /// `types`, `types-1`, `types-2`.
    pub fn suffix(self) -> String {
        match self {
            TypeCrate::Shared => "types".to_owned(),
            TypeCrate::Group(group) => format!("types-{group}"),
        }
    }
}

/// Which crate holds each emitted type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSplit {
    /// By type index; `None` for a type that is not emitted.
    crates: Vec<Option<TypeCrate>>,
}

impl TypeSplit {
    /// The split that puts each type in `crates[type index]`.
    pub fn new(crates: Vec<Option<TypeCrate>>) -> Self {
        TypeSplit { crates }
    }

    /// The crate that holds `id`; `None` when the type is not emitted.
    pub fn crate_of(&self, id: TypeId) -> Option<TypeCrate> {
        self.crates.get(id.index()).copied().flatten()
    }
}
