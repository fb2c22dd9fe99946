//! The API-change report: each kind of change is found and marked breaking or compatible, under the
//! rules of what is emitted (response structs non-exhaustive with a constructor, request structs
//! exhaustive, every enum non-exhaustive).

use std::sync::atomic::{AtomicUsize, Ordering};

use sdkgen::diff::Change;
use sdkgen::output;

const BASE: &str = r##"openapi: 3.0.3
info: {title: Shop, version: "1"}
servers: [{url: "https://shop.example"}]
paths:
  /items:
    get:
      operationId: listItems
      tags: [items]
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32}}
        - {name: color, in: query, required: true, schema: {type: string}}
        - {name: sort, in: query, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
  /items/{id}:
    delete:
      operationId: deleteItem
      tags: [items]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: gone}}
  /orders:
    get:
      operationId: listOrders
      tags: [orders]
      parameters:
        - {name: filter, in: query, style: deepObject, schema: {$ref: "#/components/schemas/Filter"}}
      responses: {"204": {description: none}}
components:
  schemas:
    Item:
      type: object
      required: [id]
      properties:
        id: {type: string}
        size: {type: integer, format: int32}
        note: {type: string}
        kind: {$ref: "#/components/schemas/Kind"}
        tone: {$ref: "#/components/schemas/Tone"}
    Kind: {type: string, enum: [small, large]}
    Shade: {type: string, enum: [light, dark]}
    Tone: {type: string, enum: [light, dark]}
    Old: {type: object, properties: {a: {type: string}}}
    Filter: {type: object, properties: {color: {type: string}}}
"##;

/// The changes from `BASE` to `BASE` with `edits` applied (each a literal replacement).
fn changes(edits: &[(&str, &str)]) -> Vec<Change> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sdkgen-diff-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut new = BASE.to_owned();
    for (from, to) in edits {
        assert!(new.contains(from), "the edit's text is missing: {from}");
        new = new.replace(from, to);
    }
    std::fs::write(dir.join("old.yaml"), BASE).unwrap();
    std::fs::write(dir.join("new.yaml"), new).unwrap();
    let (report, changes) = output::api_diff(&dir.join("old.yaml"), &dir.join("new.yaml"), None, None, "shop")
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(report.starts_with("## API changes: Shop"), "{report}");
    changes
}

/// The one change the edits make, as (breaking, kind, item).
fn only(edits: &[(&str, &str)]) -> (bool, String, String) {
    let changes = changes(edits);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let change = &changes[0];
    (change.breaking, change.kind.clone(), change.item.clone())
}

fn expect(edits: &[(&str, &str)], breaking: bool, kind: &str, item: &str) {
    assert_eq!(only(edits), (breaking, kind.to_owned(), item.to_owned()));
}

#[test]
fn the_same_spec_has_no_changes() {
    assert!(changes(&[]).is_empty());
}

#[test]
fn methods_added_and_removed() {
    expect(
        &[("  /orders:\n", "  /items/{id}/tags:\n    get:\n      operationId: listTags\n      tags: [items]\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {\"204\": {description: none}}\n  /orders:\n")],
        false,
        "method added",
        "items().list_tags()",
    );
}

#[test]
fn a_removed_method_is_breaking() {
    let changes = changes(&[("  /items/{id}:\n    delete:\n      operationId: deleteItem\n      tags: [items]\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {\"204\": {description: gone}}\n", "")]);
    let kinds: Vec<(bool, &str, &str)> =
        changes.iter().map(|change| (change.breaking, change.kind.as_str(), change.item.as_str())).collect();
    assert_eq!(kinds, [(true, "method removed", "items().delete_item()")]);
}

#[test]
fn resources_added_and_removed() {
    let renamed = changes(&[("      tags: [orders]", "      tags: [carts]")]);
    let kinds: Vec<(bool, &str, &str)> =
        renamed.iter().map(|change| (change.breaking, change.kind.as_str(), change.item.as_str())).collect();
    assert_eq!(kinds, [(true, "resource removed", "orders()"), (false, "resource added", "carts()")]);
}

#[test]
fn parameters() {
    expect(&[("        - {name: sort, in: query, schema: {type: string}}\n", "        - {name: sort, in: query, schema: {type: string}}\n        - {name: page, in: query, schema: {type: string}}\n")], false, "optional parameter added", "items().list_items().page()");
    expect(&[("        - {name: sort, in: query, schema: {type: string}}\n", "        - {name: sort, in: query, schema: {type: string}}\n        - {name: store, in: query, required: true, schema: {type: string}}\n")], true, "required parameter added", "items().list_items().store()");
    expect(
        &[("        - {name: sort, in: query, schema: {type: string}}\n", "")],
        true,
        "parameter removed",
        "items().list_items().sort()",
    );
    expect(
        &[(
            "{name: limit, in: query, schema: {type: integer, format: int32}}",
            "{name: limit, in: query, schema: {type: integer, format: int64}}",
        )],
        true,
        "parameter type changed",
        "items().list_items().limit()",
    );
    expect(
        &[("{name: sort, in: query, schema:", "{name: sort, in: query, required: true, schema:")],
        true,
        "parameter now required",
        "items().list_items().sort()",
    );
    expect(
        &[("{name: color, in: query, required: true, schema:", "{name: color, in: query, schema:")],
        false,
        "parameter now optional",
        "items().list_items().color()",
    );
}

#[test]
fn method_signatures_and_deprecation() {
    expect(
        &[(
            "parameters: [{name: id, in: path, required: true, schema: {type: string}}]",
            "parameters: [{name: id, in: path, required: true, schema: {type: integer}}]",
        )],
        true,
        "method arguments changed",
        "items().delete_item()",
    );
    expect(&[("      responses: {\"204\": {description: gone}}", "      responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/schemas/Item\"}}}}}")], true, "return type changed", "items().delete_item()");
    expect(
        &[("      operationId: deleteItem\n", "      operationId: deleteItem\n      deprecated: true\n")],
        false,
        "method deprecated",
        "items().delete_item()",
    );
}

#[test]
fn fields_of_response_structs_under_the_non_exhaustive_rules() {
    expect(
        &[("        note: {type: string}\n", "        note: {type: string}\n        color: {type: string}\n")],
        false,
        "field added",
        "types::Item::color",
    );
    expect(
        &[(
            "      required: [id]\n      properties:\n        id: {type: string}\n",
            "      required: [id, sku]\n      properties:\n        id: {type: string}\n        sku: {type: string}\n",
        )],
        true,
        "required field added",
        "types::Item::sku",
    );
    expect(&[("        note: {type: string}\n", "")], true, "field removed", "types::Item::note");
    expect(
        &[("        size: {type: integer, format: int32}", "        size: {type: integer, format: int64}")],
        true,
        "field type changed",
        "types::Item::size",
    );
    expect(
        &[(
            "      required: [id]\n      properties:\n        id: {type: string}\n        size",
            "      required: [id, note]\n      properties:\n        id: {type: string}\n        size",
        )],
        true,
        "field type changed",
        "types::Item::note",
    );
}

#[test]
fn fields_of_request_structs_under_the_exhaustive_rules() {
    expect(
        &[("{color: {type: string}}}", "{color: {type: string}, size: {type: integer}}}")],
        true,
        "field added",
        "types::Filter::size",
    );
    let now_in_responses = changes(&[(
        "      responses: {\"204\": {description: none}}\n",
        "      responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/schemas/Filter\"}}}}}\n",
    )]);
    assert!(
        now_in_responses.iter().any(|change| change.breaking && change.kind == "struct now non-exhaustive"),
        "{now_in_responses:#?}"
    );
}

#[test]
fn enum_values() {
    expect(&[("enum: [small, large]", "enum: [small, large, huge]")], false, "enum value added", "types::Kind::Huge");
    expect(
        &[("enum: [small, large]", "enum: [small, medium, large]")],
        false,
        "enum value added",
        "types::Kind::Medium",
    );
    expect(&[("enum: [small, large]", "enum: [small]")], true, "enum value removed", "types::Kind::Large");
}

#[test]
fn types_added_removed_and_changed() {
    expect(&[("    Old: {type: object, properties: {a: {type: string}}}\n", "")], true, "type removed", "types::Old");
    expect(
        &[("    Old: {type: object", "    New: {type: string}\n    Old: {type: object")],
        false,
        "type added",
        "types::New",
    );
    expect(
        &[("    Old: {type: object, properties: {a: {type: string}}}", "    Old: {type: string, enum: [a, b]}")],
        true,
        "type changed",
        "types::Old",
    );
}

/// Each change as (breaking, kind, item).
fn summaries(changes: Vec<Change>) -> Vec<(bool, String, String)> {
    changes.into_iter().map(|change| (change.breaking, change.kind, change.item)).collect()
}

fn owned(expected: &[(bool, &str, &str)]) -> Vec<(bool, String, String)> {
    expected.iter().map(|(breaking, kind, item)| (*breaking, (*kind).to_owned(), (*item).to_owned())).collect()
}

#[test]
fn names_of_merged_types_move_without_a_change() {
    // `Tone` is identical to `Shade`, which comes first: `Tone` is an alias of it. An identical
    // enum declared before both becomes the definition; every old name names the same type.
    let hue = ("    Shade: {type: string", "    Hue: {type: string, enum: [light, dark]}\n    Shade: {type: string");
    assert_eq!(summaries(changes(&[hue])), owned(&[(false, "type added", "types::Hue")]));
    // A field that now names another of the merged names has the same type.
    let retyped = ("tone: {$ref: \"#/components/schemas/Tone\"}", "tone: {$ref: \"#/components/schemas/Shade\"}");
    assert_eq!(summaries(changes(&[retyped])), owned(&[]));
}

#[test]
fn an_alias_whose_merge_partner_changed_is_compatible_and_said() {
    let dim = ("Shade: {type: string, enum: [light, dark]}", "Shade: {type: string, enum: [light, dark, dim]}");
    assert_eq!(
        summaries(changes(&[dim])),
        owned(&[(false, "enum value added", "types::Shade::Dim"), (false, "no longer merged", "types::Tone")])
    );
    // Its own values changing is a change of its own, said as what changed behind the name.
    let tone = ("Tone: {type: string, enum: [light, dark]}", "Tone: {type: string, enum: [light]}");
    assert_eq!(summaries(changes(&[tone])), owned(&[(true, "enum value removed", "types::Tone::Dark")]));
    let dim = ("Tone: {type: string, enum: [light, dark]}", "Tone: {type: string, enum: [light, dark, dim]}");
    assert_eq!(summaries(changes(&[dim])), owned(&[(false, "enum value added", "types::Tone::Dim")]));
}
