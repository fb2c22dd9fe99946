//! The intermediate representation: everything the emitters need, and the only thing they read.
//!
//! Identifiers are final ([`Ident`]: cased, deduplicated in their scope and valid Rust); wire names
//! are kept beside them. Types live in one arena ([`Api::types`]) and are referred to by [`TypeId`];
//! resources, methods and helpers refer to each other by [`ResourceId`] and [`MethodId`], setters and
//! paths to a method's parameters and body fields by [`ParamId`], [`PathParamId`] and
//! [`BodyFieldId`]. Lists are in a stable order, so output is deterministic.

mod api;
mod arena;
mod auth;
mod cli;
mod features;
mod ident;
mod ids;
mod mcp;
mod method;
mod pagination;
pub mod reserved;
mod type_split;
mod types;

pub use api::{
    describe_type, env_names, Api, ClientHeader, Environment, Helper, HelperArgument, HelperKind, Package, Resource,
    RuntimeSource, Webhook, WebhookSignature,
};
pub use arena::Types;
pub use auth::{
    ClientCredentials, Credential, CredentialInput, CredentialPart, CredentialPlacement, CredentialValue, Security,
};
pub use cli::{Cli, CliInput, CliMethod, CliResource, CliSource};
pub use features::UNUSED_SCHEMAS_FEATURE;
pub use ident::Ident;
pub use ids::{BodyFieldId, CredentialId, FieldId, MethodId, ParamId, PathParamId, ResourceId, TypeId, VariantId};
pub use mcp::{Mcp, McpArgument, McpSource, McpTool};
pub use method::{
    Body, BodyEncoding, Events, FieldStyle, HttpMethod, Method, Param, ParamLocation, ParamStyle, PathSegment,
    Response, ResponseExample, Setter, SetterTarget, SetterView,
};
pub use pagination::{PageField, PageType, Pagination, PaginationScheme, RequestField};
pub use reserved::{MOCK_MODULE, WEBHOOKS_MODULE};
pub use type_split::{TypeCrate, TypeSplit};
pub use types::{
    AllowedValues, Alternative, Constraints, Discriminator, EnumVariant, Field, IntegerVariant, Struct, TypeDef,
    TypeDefKind, TypeReach, TypeRef, TypeUsage, Union, UnionVariant,
};
