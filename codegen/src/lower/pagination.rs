//! The pagination a method's config declares, checked against its response and request.

use crate::config::{PaginationConfig, SdkConfig};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{
    Body, Method, PageField, Pagination, PaginationScheme, ParamLocation, RequestField, TypeDef, TypeDefKind, TypeRef,
};

/// What paginating `method` needs, or an error at `pointer` of the config naming what is wrong.
pub(super) fn lower_pagination(
    method: &Method,
    types: &[TypeDef],
    config: &PaginationConfig,
    pointer: &Pointer,
    sdk: &SdkConfig,
) -> Result<Pagination, Error> {
    let page_type = match &method.response {
        crate::ir::Response::Json(TypeRef::Named(id)) => *id,
        _ => {
            return Err(sdk.error(
                pointer,
                format!("`{}` does not return a JSON object, so it cannot be paginated", method.operation_id),
            ))
        }
    };
    let page_def = &types[page_type.index()];
    let TypeDefKind::Struct(page_struct) = &page_def.kind else {
        let message = format!("`{}` returns `{}`, which is not an object", method.operation_id, page_def.name);
        return Err(sdk.error(pointer, message));
    };
    let describe = |ty: &TypeRef| describe(types, ty);
    let response_field = |key: &str, wire: &str| -> Result<PageField, Error> {
        super::field_by_wire_name(&page_struct.fields, wire)
            .map_err(|message| sdk.error(&pointer.push(key), format!("`{}` has {message}", page_def.name)))
    };
    let request_field = |key: &str, wire: &str| -> Result<RequestField, Error> {
        let in_query = method
            .params
            .iter()
            .find(|param| param.location == ParamLocation::Query && param.wire_name == wire)
            .map(|param| RequestField { wire_name: wire.to_owned(), in_query: true, ty: param.ty.clone() });
        let in_body = match &method.body {
            Some(Body::Object { ty, .. }) => match &types[ty.index()].kind {
                TypeDefKind::Struct(body) => body
                    .fields
                    .iter()
                    .find(|field| field.wire_name == wire)
                    .map(|field| RequestField { wire_name: wire.to_owned(), in_query: false, ty: field.ty.clone() }),
                _ => None,
            },
            _ => None,
        };
        in_query.or(in_body).ok_or_else(|| {
            let message = format!("`{}` has no query parameter or body field `{wire}`", method.operation_id);
            sdk.error(&pointer.push(key), message)
        })
    };
    let expect = |ty: &TypeRef, key: &str, name: &str, what: &str, fits: fn(&TypeRef) -> bool| {
        if fits(ty) {
            Ok(())
        } else {
            Err(sdk.error(&pointer.push(key), format!("`{name}` must be {what}, but it is {}", describe(ty))))
        }
    };
    let is_string = |ty: &TypeRef| *ty == TypeRef::String;
    let is_integer = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64);
    let items_wire = match config {
        PaginationConfig::Cursor { items, .. }
        | PaginationConfig::CursorId { items, .. }
        | PaginationConfig::Offset { items, .. } => items,
    };
    let items = response_field("items", items_wire)?;
    let TypeRef::Array(item_type) = &items.ty else {
        let message = format!("`{}` must be an array, but it is {}", items.name, describe(&items.ty));
        return Err(sdk.error(&pointer.push("items"), message));
    };
    let item_type = (**item_type).clone();
    let string_response = |key: &str, wire: &str| -> Result<PageField, Error> {
        let field = response_field(key, wire)?;
        expect(&field.ty, key, wire, "a string", is_string)?;
        Ok(field)
    };
    let cursor_param = |wire: &str| -> Result<RequestField, Error> {
        let field = request_field("cursor_param", wire)?;
        expect(&field.ty, "cursor_param", wire, "a string", is_string)?;
        Ok(field)
    };
    let scheme = match config {
        PaginationConfig::Cursor { next_cursor, cursor_param: param, .. } => PaginationScheme::Cursor {
            next_cursor: string_response("next_cursor", next_cursor)?,
            cursor_param: cursor_param(param)?,
        },
        PaginationConfig::CursorId { has_more, last_id, item_id, cursor_param: param, .. } => {
            if last_id.is_none() && item_id.is_none() {
                return Err(
                    sdk.error(pointer, "name `last_id`, `item_id` or both: the next page's cursor comes from them")
                );
            }
            let has_more = match has_more {
                Some(wire) => {
                    let field = response_field("has_more", wire)?;
                    expect(&field.ty, "has_more", wire, "a boolean", |ty| *ty == TypeRef::Bool)?;
                    Some(field)
                }
                None => None,
            };
            let item_id = match item_id {
                Some(wire) => Some(
                    item_field(types, &item_type, wire)
                        .map_err(|message| sdk.error(&pointer.push("item_id"), message))?,
                ),
                None => None,
            };
            PaginationScheme::CursorId {
                has_more,
                last_id: last_id.as_deref().map(|wire| string_response("last_id", wire)).transpose()?,
                item_id,
                cursor_param: cursor_param(param)?,
            }
        }
        PaginationConfig::Offset { total, offset_param, .. } => {
            let total_field = response_field("total", total)?;
            expect(&total_field.ty, "total", total, "an integer", is_integer)?;
            let offset = request_field("offset_param", offset_param)?;
            expect(&offset.ty, "offset_param", offset_param, "an integer", is_integer)?;
            PaginationScheme::Offset { total: total_field, offset_param: offset }
        }
    };
    Ok(Pagination { page_type, item_type, items, scheme })
}

/// The string field `wire` of the list's item type.
fn item_field(types: &[TypeDef], item_type: &TypeRef, wire: &str) -> Result<PageField, String> {
    let item = item_type.named().map(|id| &types[id.index()]);
    let Some((item, TypeDefKind::Struct(object))) = item.map(|item| (item, &item.kind)) else {
        return Err(format!("the items are {}, not objects with an id", describe(types, item_type)));
    };
    let field =
        super::field_by_wire_name(&object.fields, wire).map_err(|message| format!("`{}` has {message}", item.name))?;
    if field.ty != TypeRef::String {
        return Err(format!("`{wire}` must be a string, but it is {}", describe(types, &field.ty)));
    }
    Ok(field)
}

fn describe(types: &[TypeDef], ty: &TypeRef) -> String {
    format!("`{}`", crate::ir::describe_type(types, ty, ""))
}
