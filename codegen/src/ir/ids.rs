//! Ids: how the IR refers to what it holds. Only lowering makes them, so an id read from the IR
//! always names something.

/// An id type: a `u32` index into one list, made only inside the crate.
macro_rules! id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            #[doc = concat!("The id of the ", $what, " at `index` of its list.")]
            pub(crate) fn new(index: usize) -> Self {
                Self(u32::try_from(index).expect(concat!("fewer than 2^32 ", $what, "s")))
            }

            /// Its place in its list.
            pub(crate) fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id!(
    /// A type of the SDK's `types` module: it names one of [`super::Types`].
    TypeId,
    "type"
);
id!(
    /// A resource: it names one of [`super::Api::resources`].
    ResourceId,
    "resource"
);
id!(
    /// A method of a resource: it names one of [`super::Resource::methods`].
    MethodId,
    "method"
);
id!(
    /// A query, header or cookie parameter of a method: it names one of [`super::Method::params`].
    ParamId,
    "parameter"
);
id!(
    /// A path parameter of a method: it names one of [`super::Method::path_params`].
    PathParamId,
    "path parameter"
);
id!(
    /// A property of a method's object or multipart body: it names one of
    /// [`super::Method::body_fields`].
    BodyFieldId,
    "body field"
);
id!(
    /// A field of a struct: it names one of [`super::Struct::fields`].
    FieldId,
    "field"
);
id!(
    /// A variant of a union: it names one of [`super::Union::variants`].
    VariantId,
    "variant"
);
id!(
    /// A credential the client holds: it names one of [`super::Api::credentials`].
    CredentialId,
    "credential"
);

impl BodyFieldId {
    /// The field of the body's object type that this property is: a method's body fields and
    /// its object type's fields number the same fields (see `Method::body_alternatives`).
    pub fn as_field(self) -> FieldId {
        FieldId(self.0)
    }
}
