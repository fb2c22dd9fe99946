//! Paging as a method's SDK config declares it, checked against its response and request.

use crate::config::{PaginationConfig, SdkConfig};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{
    Body, Method, PageField, PageType, Pagination, PaginationScheme, ParamLocation, RequestField, Response, Struct,
    TypeDefKind, TypeRef, Types,
};

/// What paginating `method` as `config` says needs, `None` for `style: none`, or an error at
/// `pointer` of the config naming what is wrong.
pub(crate) fn lower_pagination(
    method: &Method,
    types: &Types,
    config: &PaginationConfig,
    pointer: &Pointer,
    sdk: &SdkConfig,
) -> Result<Option<Pagination>, Error> {
    if let PaginationConfig::None = config {
        return Ok(None);
    }
    let check = |key: Option<&str>, message: String| match key {
        Some(key) => sdk.error(&pointer.push(key), message),
        None => sdk.error(pointer, message),
    };
    lower(method, types, config).map(Some).map_err(|(key, message)| check(key, message))
}

/// A problem with a paging config: the key it is about (none for the whole), and what is wrong.
type Problem = (Option<&'static str>, String);

/// `config` (not `none`) checked against `method`.
pub(super) fn lower(method: &Method, types: &Types, config: &PaginationConfig) -> Result<Pagination, Problem> {
    let (page, item_type, page_struct) = page_type(method, types, config.items())?;
    let lowering = Lowering { method, types, page_struct, page_name: describe(types, &method_json(method)) };
    let scheme = match config {
        PaginationConfig::Cursor { next_cursor, cursor_param, .. } => PaginationScheme::Cursor {
            next_cursor: lowering.string_path("next_cursor", next_cursor)?,
            cursor_param: lowering.cursor_param(cursor_param)?,
        },
        PaginationConfig::CursorId { has_more, last_id, item_id, cursor_param, .. } => {
            if last_id.is_none() && item_id.is_none() {
                let message = "name `last_id`, `item_id` or both: the next page's cursor comes from them";
                return Err((None, message.to_owned()));
            }
            PaginationScheme::CursorId {
                has_more: has_more.as_deref().map(|wire| lowering.boolean("has_more", wire)).transpose()?,
                last_id: last_id.as_deref().map(|wire| lowering.string("last_id", wire)).transpose()?,
                item_id: item_id
                    .as_deref()
                    .map(|wire| item_field(types, &item_type, wire).map_err(|message| (Some("item_id"), message)))
                    .transpose()?,
                cursor_param: lowering.cursor_param(cursor_param)?,
            }
        }
        PaginationConfig::Offset { total, offset_param, .. } => PaginationScheme::Offset {
            total: total.as_deref().map(|wire| lowering.integer("total", wire)).transpose()?,
            offset_param: lowering.number_param("offset_param", offset_param)?,
        },
        PaginationConfig::PageNumber { page_param, first, total, last_page, .. } => {
            let page_param = lowering.number_param("page_param", page_param)?;
            PaginationScheme::PageNumber {
                first: first.unwrap_or_else(|| first_page(method, &page_param)),
                page_param,
                total: total.as_deref().map(|wire| lowering.integer("total", wire)).transpose()?,
                last_page: last_page.as_deref().map(|wire| lowering.integer("last_page", wire)).transpose()?,
            }
        }
        PaginationConfig::Link { .. } => PaginationScheme::Link,
        PaginationConfig::None => unreachable!("`lower_pagination` returns before lowering `none`"),
    };
    Ok(Pagination { page, item_type, scheme })
}

/// The page type of `method`'s response, the type of one item, and the page struct, if the
/// response is one: a struct with the items in its field `items`, or the array of items itself.
fn page_type<'t>(
    method: &Method,
    types: &'t Types,
    items: Option<&str>,
) -> Result<(PageType, TypeRef, Option<&'t Struct>), Problem> {
    let Response::Json(response) = &method.response else {
        return Err((None, format!("`{}` does not return JSON, so it cannot be paginated", method.operation_id)));
    };
    let describe = |ty: &TypeRef| describe(types, ty);
    match (types.resolve(response), items) {
        (TypeRef::Array(item), None) => Ok((PageType::Array, (**item).clone(), None)),
        (TypeRef::Named(id), Some(items)) => {
            let TypeDefKind::Struct(page) = &types[*id].kind else {
                let message =
                    format!("`{}` returns {}, which is not an object", method.operation_id, describe(response));
                return Err((None, message));
            };
            let field = super::super::fields::field_by_wire_name(&page.fields, items)
                .map_err(|message| (Some("items"), format!("{} has {message}", describe(response))))?;
            let TypeRef::Array(item) = types.resolve(&field.ty) else {
                let message = format!("`{}` must be an array, but it is {}", field.name, describe(&field.ty));
                return Err((Some("items"), message));
            };
            let item = (**item).clone();
            Ok((PageType::Struct { id: *id, items: field }, item, Some(page)))
        }
        (TypeRef::Named(_), None) => {
            let message = format!("`{}` returns an object: name its `items` field", method.operation_id);
            Err((None, message))
        }
        (other, _) => {
            let message = format!("`{}` returns {}, not an object or an array", method.operation_id, describe(other));
            Err((None, message))
        }
    }
}

/// The type of `method`'s JSON response (`Json` for any other).
fn method_json(method: &Method) -> TypeRef {
    match &method.response {
        Response::Json(ty) => ty.clone(),
        _ => TypeRef::Json,
    }
}

/// The page to start from: 0 where the parameter's minimum says so, else 1.
fn first_page(method: &Method, page_param: &RequestField) -> i64 {
    let minimum = method
        .params
        .iter()
        .find(|param| param.location == ParamLocation::Query && param.wire_name == page_param.wire_name)
        .and_then(|param| param.constraints.minimum);
    if minimum == Some(0.0) {
        0
    } else {
        1
    }
}

/// Looks up and checks the fields a scheme names.
struct Lowering<'a> {
    method: &'a Method,
    types: &'a Types,
    page_struct: Option<&'a Struct>,
    /// The response type, quoted, for messages.
    page_name: String,
}

impl Lowering<'_> {
    /// The field `wire` of the page struct.
    fn field(&self, key: &'static str, wire: &str) -> Result<PageField, Problem> {
        let Some(page) = self.page_struct else {
            let message = format!("`{}` returns an array, which has no field `{wire}`", self.method.operation_id);
            return Err((Some(key), message));
        };
        super::super::fields::field_by_wire_name(&page.fields, wire)
            .map_err(|message| (Some(key), format!("{} has {message}", self.page_name)))
    }

    fn typed(
        &self,
        key: &'static str,
        field: PageField,
        what: &str,
        fits: fn(&TypeRef) -> bool,
    ) -> Result<PageField, Problem> {
        check_type(self.types, key, field.name.as_str(), &field.ty, what, fits)?;
        Ok(field)
    }

    fn string(&self, key: &'static str, wire: &str) -> Result<PageField, Problem> {
        self.typed(key, self.field(key, wire)?, "a string", is_string)
    }

    fn boolean(&self, key: &'static str, wire: &str) -> Result<PageField, Problem> {
        self.typed(key, self.field(key, wire)?, "a boolean", |ty| *ty == TypeRef::Bool)
    }

    fn integer(&self, key: &'static str, wire: &str) -> Result<PageField, Problem> {
        self.typed(key, self.field(key, wire)?, "an integer", is_integer)
    }

    /// The string at the dotted path `path` of the page (`next_page.offset`): each step a field of
    /// the object the one before holds. A field whose wire name has a dot is found as it is.
    fn string_path(&self, key: &'static str, path: &str) -> Result<Vec<PageField>, Problem> {
        if let Ok(field) = self.string(key, path) {
            return Ok(vec![field]);
        }
        let mut steps = path.split('.');
        let mut fields = vec![self.field(key, steps.next().unwrap_or_default())?];
        for step in steps {
            let holder = fields.last().map(|field| self.types.resolve(&field.ty)).unwrap_or(&TypeRef::Json);
            let TypeRef::Named(id) = holder else {
                let message = format!("`{path}` goes through {}, which is not an object", describe(self.types, holder));
                return Err((Some(key), message));
            };
            let Some(fields_of_holder) = self.types.struct_fields(holder) else {
                let message = format!("`{path}` goes through `{}`, which is not an object", self.types[*id].name);
                return Err((Some(key), message));
            };
            let field = super::super::fields::field_by_wire_name(fields_of_holder, step)
                .map_err(|message| (Some(key), format!("`{}` has {message}", self.types[*id].name)))?;
            fields.push(field);
        }
        let last = fields.pop().unwrap_or_else(|| unreachable!("a path has a first step"));
        fields.push(self.typed(key, last, "a string", is_string)?);
        Ok(fields)
    }

    /// The query parameter or JSON body field `wire` of the request.
    fn request_field(&self, key: &'static str, wire: &str) -> Result<RequestField, Problem> {
        let method = self.method;
        let in_query = method
            .params
            .iter()
            .find(|param| param.location == ParamLocation::Query && param.wire_name == wire)
            .map(|param| RequestField { wire_name: wire.to_owned(), in_query: true, ty: param.ty.clone() });
        let in_body = match &method.body {
            Some(Body::Object { ty, .. }) => self
                .types
                .struct_fields(&TypeRef::Named(*ty))
                .and_then(|fields| fields.iter().find(|field| field.wire_name == wire))
                .map(|field| RequestField { wire_name: wire.to_owned(), in_query: false, ty: field.ty.clone() }),
            _ => None,
        };
        in_query.or(in_body).ok_or_else(|| {
            (Some(key), format!("`{}` has no query parameter or body field `{wire}`", method.operation_id))
        })
    }

    fn cursor_param(&self, wire: &str) -> Result<RequestField, Problem> {
        let field = self.request_field("cursor_param", wire)?;
        self.check_param("cursor_param", field, "a string", is_string)
    }

    fn number_param(&self, key: &'static str, wire: &str) -> Result<RequestField, Problem> {
        let field = self.request_field(key, wire)?;
        self.check_param(key, field, "a number", is_number)
    }

    fn check_param(
        &self,
        key: &'static str,
        field: RequestField,
        what: &str,
        fits: fn(&TypeRef) -> bool,
    ) -> Result<RequestField, Problem> {
        check_type(self.types, key, &field.wire_name, &field.ty, what, fits)?;
        Ok(field)
    }
}

/// Whether `ty`, the type of `name`, `fits` (`what` says how, for the error at `key`).
fn check_type(
    types: &Types,
    key: &'static str,
    name: &str,
    ty: &TypeRef,
    what: &str,
    fits: fn(&TypeRef) -> bool,
) -> Result<(), Problem> {
    if fits(types.resolve(ty)) {
        Ok(())
    } else {
        Err((Some(key), format!("`{name}` must be {what}, but it is {}", describe(types, ty))))
    }
}

pub(super) fn is_string(ty: &TypeRef) -> bool {
    *ty == TypeRef::String
}

pub(super) fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64)
}

/// A request's offset or page number may be typed `number` by a loose spec: paging writes whole
/// numbers into it all the same.
pub(super) fn is_number(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64)
}

/// The string field `wire` of the list's item type.
fn item_field(types: &Types, item_type: &TypeRef, wire: &str) -> Result<PageField, String> {
    let item = types.resolve(item_type).named().map(|id| &types[id]);
    let Some((item, TypeDefKind::Struct(object))) = item.map(|item| (item, &item.kind)) else {
        return Err(format!("the items are {}, not objects with an id", describe(types, item_type)));
    };
    let field = super::super::fields::field_by_wire_name(&object.fields, wire)
        .map_err(|message| format!("`{}` has {message}", item.name))?;
    if *types.resolve(&field.ty) != TypeRef::String {
        return Err(format!("`{wire}` must be a string, but it is {}", describe(types, &field.ty)));
    }
    Ok(field)
}

fn describe(types: &Types, ty: &TypeRef) -> String {
    format!("`{}`", crate::ir::describe_type(types, ty, ""))
}
