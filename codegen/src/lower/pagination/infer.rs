//! Paging inferred from a list operation that its SDK config says nothing about: its query
//! parameters, its response's shape and headers. Only evidence that admits one reading counts; a
//! list that could page two ways, or whose items are not clearly one field, returns one page.

use openapiv3::{Operation, ReferenceOr, StatusCode};

use super::declared::{is_integer, is_number, is_string, lower};
use crate::config::PaginationConfig;
use crate::ir::{Field, HttpMethod, Method, Pagination, ParamLocation, Response, TypeDefKind, TypeRef, Types};

/// Query parameters that count pages.
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber", "page_num", "pageNum"];
/// Query parameters that skip a number of items.
const OFFSET_PARAMS: &[&str] = &["offset", "skip"];
/// Query parameters that size a page: offset paging needs one beside the offset.
const SIZE_PARAMS: &[&str] =
    &["limit", "per_page", "perPage", "page_size", "pageSize", "size", "count", "max_results", "maxResults", "top"];
/// Query parameters that take the last item's id, with the response's `has_more`.
const AFTER_ID_PARAMS: &[&str] = &["starting_after", "after"];
/// Response fields that give the number of items in all.
const TOTAL_FIELDS: &[&str] =
    &["total", "total_count", "totalCount", "total_results", "totalResults", "total_items", "totalItems", "itemsTotal"];
/// Response fields that give the number of the last page.
const LAST_PAGE_FIELDS: &[&str] =
    &["total_pages", "totalPages", "last_page", "lastPage", "page_count", "pageCount", "pagesTotal"];
/// Response fields whose array is the items, when a page has more than one array.
const ITEMS_FIELDS: &[&str] = &["data", "items", "results", "entries", "records", "values", "elements"];
/// Arrays of a response that link to other pages (HAL, JSON:API), never its items.
const NAVIGATION_FIELDS: &[&str] = &["links", "_links"];
/// Objects of a response that hold its paging state (`meta.next_cursor`); not `links`, whose
/// members are URLs by convention (JSON:API).
const PAGING_OBJECTS: &[&str] = &["meta", "pagination", "paging", "page_info", "pageInfo", "response_metadata"];

/// Each cursor parameter, with the response fields that name its next value.
const CURSORS: &[(&str, &[&str])] = &[
    ("cursor", &["next_cursor", "nextCursor", "next"]),
    ("start_cursor", &["next_cursor", "nextCursor"]),
    ("after", &["next_cursor", "nextCursor", "after", "next"]),
    // A string page: Stripe's and OpenAI's search and usage lists.
    ("page", &["next_page"]),
    ("page_token", &["next_page_token"]),
    ("pageToken", &["nextPageToken"]),
    ("next_token", &["next_token"]),
    ("nextToken", &["nextToken"]),
    ("continuation_token", &["continuation_token", "next_continuation_token"]),
    ("continuationToken", &["continuationToken", "nextContinuationToken"]),
    ("marker", &["next_marker", "nextMarker"]),
];

/// How `method` (of `operation`) pages, if the evidence admits one reading, with the config that
/// says so (for the generator's note).
pub(in crate::lower) fn infer_pagination(
    method: &Method,
    operation: &Operation,
    types: &Types,
) -> Option<(Pagination, String)> {
    if method.http_method != HttpMethod::Get {
        return None;
    }
    let Response::Json(response) = &method.response else { return None };
    let page = Page::new(types, response)?;
    // A parameter documented as a time (Polygon's `offset` is a timestamp) is not a position in
    // the list, whatever its name.
    let is_time =
        |doc: &Option<String>| doc.as_deref().is_some_and(|doc| doc.to_ascii_lowercase().contains("timestamp"));
    let query = |names: &[&str]| -> Vec<&TypeRef> {
        let params = method.params.iter().filter(|param| param.location == ParamLocation::Query);
        params
            .filter(|param| names.contains(&param.wire_name.as_str()) && !is_time(&param.doc))
            .map(|param| types.resolve(&param.ty))
            .collect()
    };
    // A `Link` header on a GET of one resource names related resources, not pages: only an
    // operation that takes a paging parameter pages by it.
    let takes_paging = [PAGE_PARAMS, OFFSET_PARAMS, SIZE_PARAMS, AFTER_ID_PARAMS, &["before", "cursor"]]
        .iter()
        .any(|names| !query(names).is_empty());
    let config = if declares_link_header(operation) && takes_paging {
        PaginationConfig::Link { items: page.items.clone() }
    } else {
        let mut readings = Vec::new();
        readings.extend(page_number(&page, &query));
        readings.extend(offset(&page, &query));
        // A cursor the page names outranks the last item's id, which a page with both also has.
        match cursor(&page, &query) {
            Some(reading) => readings.push(reading),
            None => readings.extend(cursor_id(&page, response, &query)),
        }
        match readings.len() {
            1 => readings.pop()?,
            _ => return None,
        }
    };
    let pagination = lower(method, types, &config).ok()?;
    Some((pagination, describe(&config)))
}

/// The resolved types of the query parameters named one of the names given.
type Query<'a> = dyn Fn(&[&str]) -> Vec<&'a TypeRef> + 'a;

/// What a list response is: the items' field, if it is an object, and the object's fields.
struct Page<'t> {
    types: &'t Types,
    /// The field holding the items; `None` when the response is their array.
    items: Option<String>,
    fields: &'t [Field],
}

impl<'t> Page<'t> {
    fn new(types: &'t Types, response: &'t TypeRef) -> Option<Self> {
        match types.resolve(response) {
            TypeRef::Array(_) => Some(Self { types, items: None, fields: &[] }),
            TypeRef::Named(id) => {
                let TypeDefKind::Struct(page) = &types[*id].kind else { return None };
                let arrays: Vec<&Field> = page
                    .fields
                    .iter()
                    .filter(|field| matches!(types.resolve(&field.ty), TypeRef::Array(_)))
                    .filter(|field| !NAVIGATION_FIELDS.contains(&field.wire_name.as_str()))
                    .collect();
                let items = match arrays.as_slice() {
                    [only] => only,
                    several => {
                        let named: Vec<&&Field> =
                            several.iter().filter(|field| ITEMS_FIELDS.contains(&field.wire_name.as_str())).collect();
                        match named.as_slice() {
                            [only] => **only,
                            _ => return None,
                        }
                    }
                };
                Some(Self { types, items: Some(items.wire_name.clone()), fields: &page.fields })
            }
            _ => None,
        }
    }

    /// The first of `names` that is a top-level field of the page whose type `fits`.
    fn field(&self, names: &[&str], fits: fn(&TypeRef) -> bool) -> Option<String> {
        field_in(self.types, self.fields, names, fits).map(|field| field.wire_name.clone())
    }

    /// The dotted path of a string field named one of `names` that holds the next cursor: at the
    /// top of the page or in one of its paging objects.
    fn cursor_path(&self, names: &[&str]) -> Option<String> {
        if let Some(field) = field_in(self.types, self.fields, names, is_string).filter(|field| !is_url(field)) {
            return Some(field.wire_name.clone());
        }
        let mut found =
            self.fields.iter().filter(|holder| PAGING_OBJECTS.contains(&holder.wire_name.as_str())).filter_map(
                |holder| {
                    let fields = self.types.struct_fields(&holder.ty)?;
                    let field = field_in(self.types, fields, names, is_string).filter(|field| !is_url(field))?;
                    Some(format!("{}.{}", holder.wire_name, field.wire_name))
                },
            );
        let path = found.next()?;
        found.next().is_none().then_some(path)
    }

    /// Whether each item is an object with a string `id`.
    fn items_have_ids(&self, response: &TypeRef) -> bool {
        let item = match (&self.items, self.types.resolve(response)) {
            (None, TypeRef::Array(item)) => Some(&**item),
            (Some(items), _) => self.fields.iter().find(|field| field.wire_name == *items).and_then(|field| match self
                .types
                .resolve(&field.ty)
            {
                TypeRef::Array(item) => Some(&**item),
                _ => None,
            }),
            _ => None,
        };
        item.and_then(|item| self.types.struct_fields(item))
            .is_some_and(|fields| field_in(self.types, fields, &["id"], is_string).is_some())
    }
}

/// `page` counts pages: `page` is a numeric query parameter.
fn page_number(page: &Page, query: &Query) -> Option<PaginationConfig> {
    let page_param = only_number(query, PAGE_PARAMS)?;
    Some(PaginationConfig::PageNumber {
        items: page.items.clone(),
        page_param,
        first: None,
        total: page.field(TOTAL_FIELDS, is_integer),
        last_page: page.field(LAST_PAGE_FIELDS, is_integer),
    })
}

/// `offset` skips items: a numeric query parameter, beside one that sizes the page.
fn offset(page: &Page, query: &Query) -> Option<PaginationConfig> {
    let offset_param = only_number(query, OFFSET_PARAMS)?;
    if query(SIZE_PARAMS).is_empty() {
        return None;
    }
    Some(PaginationConfig::Offset {
        items: page.items.clone(),
        total: page.field(TOTAL_FIELDS, is_integer),
        offset_param,
    })
}

/// A cursor parameter whose next value the response names; a string `offset` parameter is a
/// cursor when the response's `next_page` object names the next one (`next_page.offset`).
fn cursor(page: &Page, query: &Query) -> Option<PaginationConfig> {
    let mut found = CURSORS.iter().filter_map(|(param, next)| {
        if query(&[param]) != [&TypeRef::String] {
            return None;
        }
        Some(((*param).to_owned(), page.cursor_path(next)?))
    });
    let string_offset = || {
        let param = OFFSET_PARAMS.iter().find(|param| query(&[**param]) == [&TypeRef::String])?;
        let holder = page.fields.iter().find(|field| field.wire_name == "next_page")?;
        let fields = page.types.struct_fields(&holder.ty)?;
        field_in(page.types, fields, &[param], is_string)?;
        Some(((*param).to_owned(), format!("next_page.{param}")))
    };
    let (cursor_param, next_cursor) = match (found.next(), found.next()) {
        (Some(only), None) => only,
        (None, _) => string_offset()?,
        (Some(_), Some(_)) => return None,
    };
    Some(PaginationConfig::Cursor { items: page.items.clone(), next_cursor, cursor_param })
}

/// The last item's id, sent as `starting_after` or `after`, while the response's `has_more` says
/// more follow: the response must have `has_more`, and a `last_id` or items with ids.
fn cursor_id(page: &Page, response: &TypeRef, query: &Query) -> Option<PaginationConfig> {
    let cursor_param = AFTER_ID_PARAMS.iter().find(|param| query(&[**param]) == [&TypeRef::String])?;
    let has_more = page.field(&["has_more", "hasMore"], |ty| *ty == TypeRef::Bool)?;
    let last_id = page.field(&["last_id", "lastId"], is_string);
    let item_id = page.items_have_ids(response).then(|| "id".to_owned());
    if last_id.is_none() && item_id.is_none() {
        return None;
    }
    Some(PaginationConfig::CursorId {
        items: page.items.clone(),
        has_more: Some(has_more),
        last_id,
        item_id,
        cursor_param: (*cursor_param).to_owned(),
    })
}

/// The one numeric query parameter named one of `names`; none when there are several.
fn only_number(query: &Query, names: &[&str]) -> Option<String> {
    let mut found = names.iter().filter(|name| query(&[**name]).first().is_some_and(|ty| is_number(ty)));
    let name = found.next()?;
    found.next().is_none().then(|| (*name).to_owned())
}

/// Whether a success response of `operation` declares a `Link` header.
fn declares_link_header(operation: &Operation) -> bool {
    operation
        .responses
        .responses
        .iter()
        .filter(|(code, _)| matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2)))
        .filter_map(|(_, response)| match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { .. } => None,
        })
        .any(|response| response.headers.keys().any(|name| name.eq_ignore_ascii_case("link")))
}

/// The first of `fields` named one of `names` (in the order of `names`) whose type `fits`.
fn field_in<'f>(types: &Types, fields: &'f [Field], names: &[&str], fits: fn(&TypeRef) -> bool) -> Option<&'f Field> {
    names
        .iter()
        .filter_map(|name| fields.iter().find(|field| field.wire_name == *name))
        .find(|field| fits(types.resolve(&field.ty)))
}

/// A field that holds the next page's URL rather than a cursor: `format: uri`, or documented so.
fn is_url(field: &Field) -> bool {
    let format = field.constraints.format.as_deref().unwrap_or_default();
    let doc = field.doc.as_deref().unwrap_or_default().to_ascii_lowercase();
    format.starts_with("uri") || format == "url" || doc.contains("url") || doc.contains("link")
}

/// The config that says what was inferred, in `sdk.yaml`'s words.
fn describe(config: &PaginationConfig) -> String {
    let items = |items: &Option<String>| match items {
        Some(items) => format!(", items: {items}"),
        None => String::new(),
    };
    let optional = |key: &str, value: &Option<String>| match value {
        Some(value) => format!(", {key}: {value}"),
        None => String::new(),
    };
    match config {
        PaginationConfig::Link { items: list } => format!("{{style: link{}}}", items(list)),
        PaginationConfig::PageNumber { items: list, page_param, total, last_page, .. } => format!(
            "{{style: page_number{}, page_param: {page_param}{}{}}}",
            items(list),
            optional("total", total),
            optional("last_page", last_page)
        ),
        PaginationConfig::Offset { items: list, total, offset_param } => {
            format!("{{style: offset{}, offset_param: {offset_param}{}}}", items(list), optional("total", total))
        }
        PaginationConfig::Cursor { items: list, next_cursor, cursor_param } => {
            format!("{{style: cursor{}, next_cursor: {next_cursor}, cursor_param: {cursor_param}}}", items(list))
        }
        PaginationConfig::CursorId { items: list, has_more, last_id, item_id, cursor_param } => format!(
            "{{style: cursor_id{}{}{}{}, cursor_param: {cursor_param}}}",
            items(list),
            optional("has_more", has_more),
            optional("last_id", last_id),
            optional("item_id", item_id)
        ),
        PaginationConfig::None => "{style: none}".to_owned(),
    }
}
