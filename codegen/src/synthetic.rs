//! A large spec assembled from templates, for scale tests and benchmarks: each resource has the
//! operations and schema constructs real APIs use (CRUD, a paginated list with filters, a multipart
//! upload, a discriminated union, a recursive field, maps, enums, formats), so generated code
//! grows as it would for a real spec of that size.

use serde_json::{json, Map, Value};

/// Operations per resource.
pub const OPERATIONS_PER_RESOURCE: usize = 6;

/// An OpenAPI 3.0 document (as JSON) with `resources` resources and six operations each.
pub fn spec(resources: usize) -> String {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert("User".into(), json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "format": "uuid"}, "email": {"type": "string", "maxLength": 320}}}));
    for index in 0..resources {
        insert_schemas(&mut schemas, index);
        insert_paths(&mut paths, index);
    }
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "Widgets", "version": "1.0.0", "description": "A large synthetic API."},
        "servers": [{"url": "https://widgets.example"}],
        "security": [{"bearer": []}],
        "paths": Value::Object(paths),
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": Value::Object(schemas)},
    });
    serde_json::to_string_pretty(&document).expect("JSON serializes")
}

/// The schemas of widget family `index`: the widget, its shapes, its page and its input.
fn insert_schemas(schemas: &mut Map<String, Value>, index: usize) {
    let name = format!("Widget{index}");
    let description = format!(
        "A widget of family {index}. Widgets are the unit of work of this API: they are created, listed \\
         page by page, updated, deleted and given attachments. This text is long on purpose, as \\
         descriptions in real specs are."
    );
    schemas.insert(name.clone(), json!({
        "type": "object",
        "description": description,
        "required": ["id", "name", "created_at", "status"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "description": "The widget's identifier."},
            "name": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The widget's name."},
            "description": {"type": "string", "nullable": true, "description": "What the widget is for."},
            "created_at": {"type": "string", "format": "date-time", "description": "When it was created."},
            "status": {"type": "string", "enum": ["draft", "active", "archived"], "description": "Where it is in its life."},
            "count": {"type": "integer", "format": "int32", "minimum": 0},
            "ratio": {"type": "number", "format": "double"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
            "owner": reference("User"),
            "parent": {"allOf": [reference(&name)], "nullable": true, "description": "The widget it derives from."},
            "shape": reference(&format!("{name}Shape")),
        }
    }));
    schemas.insert(
        format!("{name}Shape"),
        json!({
            "oneOf": [reference(&format!("{name}Round")), reference(&format!("{name}Square"))],
            "discriminator": {"propertyName": "kind"}
        }),
    );
    schemas.insert(format!("{name}Round"), json!({"type": "object", "required": ["kind", "radius"], "properties": {"kind": {"type": "string"}, "radius": {"type": "number"}}}));
    schemas.insert(format!("{name}Square"), json!({"type": "object", "required": ["kind", "side"], "properties": {"kind": {"type": "string"}, "side": {"type": "number"}}}));
    schemas.insert(format!("{name}Page"), json!({"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": reference(&name)}, "next_cursor": {"type": "string", "nullable": true}}}));
    schemas.insert(format!("{name}Input"), json!({
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string", "maxLength": 200}, "description": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 50}, "metadata": {"type": "object", "additionalProperties": {"type": "string"}}}
    }));
}

/// The operations of widget family `index`: list, create, get, update, delete, attach.
fn insert_paths(paths: &mut Map<String, Value>, index: usize) {
    let name = format!("Widget{index}");
    let plural = format!("widgets{index}");
    let tag = json!([plural]);
    let json_body =
        |schema: &str| json!({"required": true, "content": {"application/json": {"schema": reference(schema)}}});
    // Real specs carry examples; they are most of a spec's bytes.
    let example = json!({
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "name": format!("widget {index}"), "created_at": "2025-01-01T00:00:00Z",
        "status": "active", "count": 3, "ratio": 0.5, "tags": ["alpha", "beta", "gamma"], "metadata": {"team": "files", "tier": "gold"},
        "description": "An example widget, as the API returns it, with every field filled in for the documentation."
    });
    // A page's example holds twelve widgets, as list responses do; the others are one widget.
    let page = json!({"items": vec![example.clone(); 12], "next_cursor": "c2"});
    let ok = |schema: &str| {
        let value = if schema.ends_with("Page") { &page } else { &example };
        json!({"200": {"description": "OK.", "content": {"application/json": {"schema": reference(schema), "examples": {
            "typical": {"summary": "A typical response", "value": value}
        }}}}})
    };
    let id_param =
        json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}});
    paths.insert(format!("/{plural}"), json!({
        "get": {
            "operationId": format!("list{name}s"), "tags": tag, "summary": format!("List widgets of family {index}"),
            "parameters": [
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["draft", "active", "archived"]}},
                {"name": "tag", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
            ],
            "responses": ok(&format!("{name}Page")),
        },
        "post": {"operationId": format!("create{name}"), "tags": tag, "requestBody": json_body(&format!("{name}Input")), "responses": ok(&name)},
    }));
    paths.insert(format!("/{plural}/{{id}}"), json!({
        "parameters": [id_param],
        "get": {"operationId": format!("get{name}"), "tags": tag, "responses": ok(&name)},
        "patch": {"operationId": format!("update{name}"), "tags": tag, "requestBody": json_body(&format!("{name}Input")), "responses": ok(&name)},
        "delete": {"operationId": format!("delete{name}"), "tags": tag, "responses": {"204": {"description": "Deleted."}}},
    }));
    paths.insert(format!("/{plural}/{{id}}/attachments"), json!({
        "post": {
            "operationId": format!("attachTo{name}"), "tags": tag,
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
            "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}}}}}},
            "responses": ok(&name),
        }
    }));
}

/// A reference to the component schema `schema`.
fn reference(schema: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{schema}")})
}
