//! Schemas → IR types. Component schemas become named types; inline objects and enums are named from
//! where they appear (`FileListStatus`); everything else maps to a [`TypeRef`].

mod lowerer;
mod objects;
mod schemas;
mod variants;

pub(super) use lowerer::TypeLowerer;
pub(super) use schemas::{SchemaRef, Usage};
