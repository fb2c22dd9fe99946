//! How a list method pages: the page's shape and the scheme that reaches the next page.

use super::ident::Ident;
use super::ids::TypeId;
use super::types::{Field, TypeRef};

/// How a list method pages: where its items are, and which fields of the response and the request
/// (or which response header) carry the paging state.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// What the response is, and where its items are.
    pub page: PageType,
    /// The type of one item.
    pub item_type: TypeRef,
    /// How the next page is asked for, and when paging ends.
    pub scheme: PaginationScheme,
}

/// What a list method's response is.
#[derive(Debug, Clone, PartialEq)]
pub enum PageType {
    /// A struct of the `types` module (not an alias) holding the items in `items`.
    Struct {
        /// The page type.
        id: TypeId,
        /// Its field holding the items.
        items: PageField,
    },
    /// The JSON array of the items itself.
    Array,
}

impl PageType {
    /// The page struct, if the response is one.
    pub fn struct_id(&self) -> Option<TypeId> {
        match self {
            PageType::Struct { id, .. } => Some(*id),
            PageType::Array => None,
        }
    }
}

/// How a list method asks for the next page, and when it stops.
#[derive(Debug, Clone, PartialEq)]
pub enum PaginationScheme {
    /// The response names the next page's cursor (at the end of a path of fields, each in the one
    /// before), sent back as `cursor_param`; none or empty ends.
    Cursor {
        /// The response fields leading to the cursor, outermost first.
        next_cursor: Vec<PageField>,
        /// The request value the cursor is sent back as.
        cursor_param: RequestField,
    },
    /// The response may say whether more follow and may name its last item; else the last item's
    /// `item_id` is the cursor, sent back as `cursor_param`. At least one of `last_id` and `item_id`.
    CursorId {
        /// The response field saying whether more items follow.
        has_more: Option<PageField>,
        /// The response field naming the page's last item.
        last_id: Option<PageField>,
        /// A field of the item type.
        item_id: Option<PageField>,
        /// The request value the cursor is sent back as.
        cursor_param: RequestField,
    },
    /// The next offset is this request's plus the items received; the total, if the response gives
    /// it, or an empty page ends.
    Offset {
        /// The response field giving the number of items in all.
        total: Option<PageField>,
        /// The request value the offset is sent as.
        offset_param: RequestField,
    },
    /// `page_param` counts pages from `first`; a declared total of items or last page number, an
    /// empty page, or one shorter than those before ends.
    PageNumber {
        /// The request value the page number is sent as.
        page_param: RequestField,
        /// The number of the first page.
        first: i64,
        /// The response field giving the number of items in all.
        total: Option<PageField>,
        /// The response field giving the number of the last page.
        last_page: Option<PageField>,
    },
    /// The response's `Link` header names the next page (`rel="next"`).
    Link,
}

impl PaginationScheme {
    /// The request value paging rewrites, if it rewrites one.
    pub fn request_field(&self) -> Option<&RequestField> {
        match self {
            PaginationScheme::Cursor { cursor_param: param, .. }
            | PaginationScheme::CursorId { cursor_param: param, .. }
            | PaginationScheme::Offset { offset_param: param, .. }
            | PaginationScheme::PageNumber { page_param: param, .. } => Some(param),
            PaginationScheme::Link => None,
        }
    }

    /// What the scheme is called in `sdk.yaml`, for notes.
    pub fn style(&self) -> &'static str {
        match self {
            PaginationScheme::Cursor { .. } => "cursor",
            PaginationScheme::CursorId { .. } => "cursor_id",
            PaginationScheme::Offset { .. } => "offset",
            PaginationScheme::PageNumber { .. } => "page_number",
            PaginationScheme::Link => "link",
        }
    }
}

/// A field of a response struct, by its Rust name.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    /// The field's Rust name.
    pub name: Ident,
    /// The field's type.
    pub ty: TypeRef,
    /// The Rust field is an `Option`.
    pub optional: bool,
}

impl From<&Field> for PageField {
    fn from(field: &Field) -> Self {
        Self { name: field.name.clone(), ty: field.ty.clone(), optional: field.is_optional() }
    }
}

/// A value of the request that paging rewrites, by its wire name.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestField {
    /// The value's name on the wire.
    pub wire_name: String,
    /// In the query string, else a field of the JSON body.
    pub in_query: bool,
    /// The value's type.
    pub ty: TypeRef,
}
