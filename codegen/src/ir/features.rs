//! The cargo features of a crate of one provider: one per top resource, so that an application
//! compiles only the resources it calls and the types they need, and one for the spec's schemas no
//! method uses. (A crate of several providers has one feature per provider instead.)

use super::api::{Api, Resource};
use super::types::TypeDef;

/// The feature that compiles the schemas no method uses (webhook payloads, for instance).
pub const UNUSED_SCHEMAS_FEATURE: &str = "schemas";

/// A type that more features than this need is compiled whatever features are on: it is one most
/// applications need anyway, and its `#[cfg]` would be longer than what it saves.
const MAX_FEATURES_PER_TYPE: usize = 4;

/// crates.io refuses a crate of more than 300 features. Besides the resources' there are
/// `default`, `full`, `serialize`, `blocking` and perhaps [`UNUSED_SCHEMAS_FEATURE`].
const MAX_RESOURCE_FEATURES: usize = 295;

/// The features of resources grouped by the first letter of their module's name: a resource added
/// to the spec joins its letter's group, so that no feature a user names goes away.
const LETTER_GROUPS: [&str; 27] = [
    "resources-a",
    "resources-b",
    "resources-c",
    "resources-d",
    "resources-e",
    "resources-f",
    "resources-g",
    "resources-h",
    "resources-i",
    "resources-j",
    "resources-k",
    "resources-l",
    "resources-m",
    "resources-n",
    "resources-o",
    "resources-p",
    "resources-q",
    "resources-r",
    "resources-s",
    "resources-t",
    "resources-u",
    "resources-v",
    "resources-w",
    "resources-x",
    "resources-y",
    "resources-z",
    "resources-other",
];

impl Api {
    /// The features, in order: one per top resource (its module's name), or one per first letter
    /// when there are more than crates.io allows, then [`UNUSED_SCHEMAS_FEATURE`] if some emitted
    /// type is such a schema.
    pub fn resource_features(&self) -> Vec<&str> {
        let mut features: Vec<&str> = Vec::new();
        for feature in self.top_resources().map(|resource| self.top_feature(resource)) {
            if !features.contains(&feature) {
                features.push(feature);
            }
        }
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
        self.top_feature(resource)
    }

    /// The feature of a top resource: its module's name, or its letter's group.
    fn top_feature<'a>(&'a self, resource: &'a Resource) -> &'a str {
        let name = resource.module.bare();
        if self.top_resources().count() <= MAX_RESOURCE_FEATURES {
            return name;
        }
        match name.trim_start_matches("r#").bytes().next() {
            Some(letter @ b'a'..=b'z') => LETTER_GROUPS[usize::from(letter - b'a')],
            _ => LETTER_GROUPS[26],
        }
    }

    /// The features that compile some type of `krate`, one of a split API's type crates, in the
    /// order of [`Api::resource_features`]; and whether every type of it needs one of them (else
    /// some type of it is compiled always).
    pub fn type_crate_features(&self, krate: super::type_split::TypeCrate) -> (Vec<&str>, bool) {
        let mut gating: Vec<&str> = Vec::new();
        let mut every_type_gated = true;
        for (_, def) in self.types_in(Some(krate)) {
            match self.type_features(def) {
                Some(features) => gating.extend(features),
                None => every_type_gated = false,
            }
        }
        let features = self.resource_features().into_iter().filter(|feature| gating.contains(feature)).collect();
        (features, every_type_gated)
    }

    /// The features any of which compiles `def`, or `None` when it is compiled always: when no
    /// method or schema reaches it, when every resource does, or more than a few.
    pub fn type_features(&self, def: &TypeDef) -> Option<Vec<&str>> {
        let mut features: Vec<&str> = Vec::new();
        for feature in def.reach.resources.iter().map(|id| self.resource_feature(self.resource(*id))) {
            if !features.contains(&feature) {
                features.push(feature);
            }
        }
        if def.reach.unused_schema {
            features.push(UNUSED_SCHEMAS_FEATURE);
        }
        let gated = !features.is_empty()
            && features.len() <= MAX_FEATURES_PER_TYPE
            && features.len() < self.top_resources().count();
        gated.then_some(features)
    }
}
