//! The cargo features of a crate of one provider: one per top resource, so that an application
//! compiles only the resources it calls and the types they need, and one for the spec's schemas no
//! method uses. (A crate of several providers has one feature per provider instead.)

use super::{Api, Resource, TypeDef};

/// The feature that compiles the schemas no method uses (webhook payloads, for instance).
pub const UNUSED_SCHEMAS_FEATURE: &str = "schemas";

/// A type that more features than this need is compiled whatever features are on: it is one most
/// applications need anyway, and its `#[cfg]` would be longer than what it saves.
const MAX_FEATURES_PER_TYPE: usize = 4;

impl Api {
    /// The features, in order: one per top resource (its module's name), then
    /// [`UNUSED_SCHEMAS_FEATURE`] if some emitted type is such a schema.
    pub fn resource_features(&self) -> Vec<&str> {
        let mut features: Vec<&str> = self.top_resources().map(|resource| resource.module.bare()).collect();
        let unused_schemas = self
            .types
            .iter()
            .any(|def| def.usage.is_emitted() && def.reach.unused_schema && def.reach.resources.is_empty());
        if unused_schemas {
            features.push(UNUSED_SCHEMAS_FEATURE);
        }
        features
    }

    /// The feature that compiles `resource`: its top resource's.
    pub fn resource_feature<'a>(&'a self, mut resource: &'a Resource) -> &'a str {
        while let Some(parent) = resource.parent {
            resource = self.resource(parent);
        }
        resource.module.bare()
    }

    /// The features any of which compiles `def`, or `None` when it is compiled always: when no
    /// method or schema reaches it, when every resource does, or more than a few.
    pub fn type_features(&self, def: &TypeDef) -> Option<Vec<&str>> {
        let mut features: Vec<&str> = def.reach.resources.iter().map(|id| self.resource(*id).module.bare()).collect();
        if def.reach.unused_schema {
            features.push(UNUSED_SCHEMAS_FEATURE);
        }
        let gated = !features.is_empty()
            && features.len() <= MAX_FEATURES_PER_TYPE
            && features.len() < self.top_resources().count();
        gated.then_some(features)
    }
}
