//! The type arena: every type of an API, each named by its [`TypeId`]. Only lowering adds types,
//! so an id read from the IR always names one.

use std::ops::{Index, IndexMut};

use super::ids::TypeId;
use super::types::{Field, Struct, TypeDef, TypeDefKind, TypeRef};

/// Every type of an API, in the order lowering defined them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Types(Vec<TypeDef>);

impl Types {
    /// Adds `def` and returns its id.
    pub(crate) fn push(&mut self, def: TypeDef) -> TypeId {
        let id = TypeId::new(self.0.len());
        self.0.push(def);
        id
    }

    /// Every type, to change them.
    pub(crate) fn iter_mut(&mut self) -> std::slice::IterMut<'_, TypeDef> {
        self.0.iter_mut()
    }

    /// Every type, in the order of their ids.
    pub fn iter(&self) -> std::slice::Iter<'_, TypeDef> {
        self.0.iter()
    }

    /// Every type with its id.
    pub fn with_ids(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.0.iter().enumerate().map(|(index, def)| (TypeId::new(index), def))
    }

    /// How many types there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The type that defines `id`: `id` itself, or what it is another name for (aliases of named
    /// types, as merging identical types makes them, followed).
    pub fn definition(&self, mut id: TypeId) -> TypeId {
        // Aliases never form cycles (lowering rejects them), so this ends; the bound is a backstop.
        for _ in 0..self.len() {
            match &self[id].kind {
                TypeDefKind::Alias(TypeRef::Named(target)) => id = *target,
                _ => break,
            }
        }
        id
    }

    /// `ty` with aliases followed to what they name.
    pub fn resolve<'t>(&'t self, mut ty: &'t TypeRef) -> &'t TypeRef {
        // Aliases never form cycles (lowering rejects them); the bound is a backstop.
        for _ in 0..=self.len() {
            match ty {
                TypeRef::Named(id) => match &self[*id].kind {
                    TypeDefKind::Alias(target) => ty = target,
                    _ => break,
                },
                _ => break,
            }
        }
        ty
    }

    /// The fields of `ty`, if it is a struct or another name for one.
    pub fn struct_fields(&self, ty: &TypeRef) -> Option<&[Field]> {
        Some(&self.structure(ty)?.fields)
    }

    /// The struct `ty` is (through aliases), if it is one.
    pub fn structure(&self, ty: &TypeRef) -> Option<&Struct> {
        match &self[self.resolve(ty).named()?].kind {
            TypeDefKind::Struct(object) => Some(object),
            _ => None,
        }
    }
}

impl Index<TypeId> for Types {
    type Output = TypeDef;

    fn index(&self, id: TypeId) -> &TypeDef {
        &self.0[id.index()]
    }
}

impl IndexMut<TypeId> for Types {
    fn index_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.0[id.index()]
    }
}

impl<'a> IntoIterator for &'a Types {
    type Item = &'a TypeDef;
    type IntoIter = std::slice::Iter<'a, TypeDef>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
