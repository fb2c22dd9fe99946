//! Bad specs and configs give one clear error naming the file and the JSON pointer, never a panic;
//! specs that break the letter of the standard but mean something clear load, with a warning at
//! the place that was repaired.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use sdkgen::config::SdkConfig;
use sdkgen::{load, lower, Diagnostic, Severity};

/// Writes `files` into a fresh folder and returns the folder.
fn folder(files: &[(&str, &str)]) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sdkgen-load-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

fn only_error(error: sdkgen::Error) -> Diagnostic {
    assert_eq!(error.diagnostics.len(), 1, "{error}");
    let diagnostic = error.diagnostics.into_iter().next().unwrap();
    assert_eq!(diagnostic.severity, Severity::Error);
    diagnostic
}

fn spec_error(files: &[(&str, &str)]) -> (PathBuf, Diagnostic) {
    let dir = folder(files);
    let error = load::load_spec(&dir.join(files[0].0)).expect_err("the spec is invalid");
    (dir, only_error(error))
}

/// Loads a spec that needs repairs, and returns its warnings.
fn spec_warnings(files: &[(&str, &str)]) -> (PathBuf, Vec<Diagnostic>) {
    let dir = folder(files);
    let spec = load::load_spec(&dir.join(files[0].0)).unwrap_or_else(|error| panic!("{error}"));
    (dir, spec.warnings)
}

fn assert_warning(warnings: &[Diagnostic], file: &Path, pointer: &str, message: &str) {
    let found = warnings.iter().find(|warning| warning.pointer == pointer);
    let Some(warning) = found else { panic!("no warning at {pointer} in {warnings:#?}") };
    assert_eq!(warning.severity, Severity::Warning);
    assert_error(warning, file, pointer, message);
}

fn assert_error(diagnostic: &Diagnostic, file: &Path, pointer: &str, message: &str) {
    assert_eq!(diagnostic.file, file, "{diagnostic}");
    assert_eq!(diagnostic.pointer, pointer, "{diagnostic}");
    assert!(diagnostic.message.contains(message), "expected {message:?} in: {diagnostic}");
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

fn with_header(rest: &str) -> String {
    format!("{HEADER}{rest}")
}

#[test]
fn invalid_yaml_names_the_line() {
    let (dir, error) = spec_error(&[("spec.yaml", "openapi: 3.0.3\ninfo: [unclosed\n")]);
    assert_error(&error, &dir.join("spec.yaml"), "", "invalid YAML at line 3");
}

#[test]
fn invalid_json_names_the_line() {
    let (dir, error) = spec_error(&[("spec.json", "{\"openapi\": \"3.0.3\",\n \"info\": }")]);
    assert_error(&error, &dir.join("spec.json"), "", "invalid JSON at line 2");
}

#[test]
fn unknown_versions_are_refused() {
    let (dir, error) = spec_error(&[("spec.yaml", "openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n")]);
    assert_error(&error, &dir.join("spec.yaml"), "/openapi", "unknown OpenAPI version `4.0.0`");
    let (dir, error) = spec_error(&[("spec.yaml", "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n")]);
    assert_error(&error, &dir.join("spec.yaml"), "/swagger", "Swagger \"2.0\" is not supported");
}

#[test]
fn a_ref_to_nothing_points_at_the_ref() {
    let spec = with_header(
        "paths:\n  /files:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n",
    );
    let (dir, error) = spec_error(&[("spec.yaml", &spec)]);
    assert_error(
        &error,
        &dir.join("spec.yaml"),
        "/paths/~1files/get/responses/200/content/application~1json/schema/$ref",
        "`$ref: #/components/schemas/Missing` does not resolve",
    );
}

#[test]
fn refs_to_other_files_that_do_not_resolve() {
    let spec = with_header(
        "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: './missing.yaml#/A'}\n    B: {$ref: './other.yaml#/Nope'}\n",
    );
    let (dir, error) = spec_error(&[("spec.yaml", &spec), ("other.yaml", "A: {type: string}\n")]);
    assert_error(&error, &dir.join("spec.yaml"), "/components/schemas/A/$ref", "names a file that cannot be read");

    let spec = with_header("paths: {}\ncomponents:\n  schemas:\n    B: {$ref: './other.yaml#/Nope'}\n");
    let (dir, error) = spec_error(&[("spec.yaml", &spec), ("other.yaml", "A: {type: string}\n")]);
    assert_error(&error, &dir.join("spec.yaml"), "/components/schemas/B/$ref", "has nothing at `#/Nope`");
}

#[test]
fn wrong_types_in_schemas_are_named_and_ignored() {
    let spec = with_header("paths: {}\ncomponents:\n  schemas:\n    File:\n      type: object\n      required: yes\n");
    let (dir, warnings) = spec_warnings(&[("spec.yaml", &spec)]);
    assert_warning(
        &warnings,
        &dir.join("spec.yaml"),
        "/components/schemas/File/required",
        "must be a list of property names, found the string `yes`; it is ignored",
    );
}

#[test]
fn repairs_in_a_referenced_file_name_that_file() {
    let spec = with_header("paths: {}\ncomponents:\n  schemas:\n    File: {$ref: './schemas.yaml#/File'}\n");
    let schemas = "File:\n  type: object\n  properties:\n    size: {type: integr}\n";
    let (dir, warnings) = spec_warnings(&[("spec.yaml", &spec), ("schemas.yaml", schemas)]);
    assert_warning(
        &warnings,
        &dir.join("schemas.yaml"),
        "/File/properties/size/type",
        "unknown schema type the string `integr`",
    );
}

#[test]
fn a_parameter_the_sdk_cannot_send_is_left_out_with_a_warning() {
    let spec = with_header("paths:\n  /files:\n    get:\n      parameters:\n        - {name: q, in: body, schema: {type: string}}\n      responses: {}\n");
    let (dir, warnings) = spec_warnings(&[("spec.yaml", &spec)]);
    assert_warning(
        &warnings,
        &dir.join("spec.yaml"),
        "/paths/~1files/get/parameters/0",
        "`in: body` is not a parameter location",
    );
}

#[test]
fn missing_required_parts_are_assumed_empty_with_a_warning() {
    let (dir, warnings) = spec_warnings(&[(
        "spec.yaml",
        "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        '200': {}\n",
    )]);
    assert_warning(&warnings, &dir.join("spec.yaml"), "/info", "the spec has no `info`");
    assert_warning(
        &warnings,
        &dir.join("spec.yaml"),
        "/paths/~1a/get/responses/200",
        "a response needs a `description`",
    );
}

const SPEC: &str = "openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: 'https://api.example'}]
paths:
  /files:
    get:
      operationId: listFiles
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
";

fn config_error(config: &str) -> (PathBuf, Diagnostic) {
    let dir = folder(&[("openapi.yaml", SPEC), ("sdk.yaml", config)]);
    let spec = load::load_spec(&dir.join("openapi.yaml")).unwrap();
    let error = SdkConfig::load(&dir.join("sdk.yaml"))
        .and_then(|config| lower::lower(&spec, &config, vec![]).map(|_| ()))
        .expect_err("the config is invalid");
    (dir, only_error(error))
}

const CONFIG_HEAD: &str = "name: t\ntitle: T\nenvironments: [{name: production, url: 'https://api.example'}]\nenv: {prefix: T, base_url: T_BASE_URL}\n";

#[test]
fn a_config_naming_an_unknown_operation_points_at_the_method() {
    let (dir, error) =
        config_error(&format!("{CONFIG_HEAD}resources:\n  files:\n    methods:\n      list: listFilez\n"));
    assert_error(
        &error,
        &dir.join("sdk.yaml"),
        "/resources/files/methods/list",
        "no operation `listFilez` in the spec",
    );
}

#[test]
fn a_config_with_an_unknown_key_is_refused() {
    let (dir, error) = config_error(&format!("{CONFIG_HEAD}retries: 3\nresources: {{}}\n"));
    assert_error(&error, &dir.join("sdk.yaml"), "/retries", "unknown field `retries`");
}

#[test]
fn pagination_fields_must_exist() {
    let config = format!(
        "{CONFIG_HEAD}resources:\n  files:\n    methods:\n      list:\n        operation: listFiles\n        pagination: {{style: cursor, items: items, next_cursor: next, cursor_param: cursor}}\n"
    );
    let (dir, error) = config_error(&config);
    assert_error(
        &error,
        &dir.join("sdk.yaml"),
        "/resources/files/methods/list/pagination/items",
        "has no field `items`",
    );
}

#[test]
fn each_paging_style_says_what_its_fields_must_be() {
    let method = |pagination: &str| {
        format!("{CONFIG_HEAD}resources:\n  files:\n    methods:\n      list:\n        operation: listFiles\n        pagination: {pagination}\n")
    };
    let at = "/resources/files/methods/list/pagination";
    let cases = [
        ("{style: link}", at.to_owned(), "returns an object: name its `items` field"),
        (
            "{style: page_number, items: data, page_param: page}",
            format!("{at}/page_param"),
            "no query parameter or body field `page`",
        ),
        (
            "{style: offset, items: data, offset_param: offset, total: data}",
            format!("{at}/total"),
            "`data` must be an integer, but it is `Vec<String>`",
        ),
        (
            "{style: cursor, items: data, next_cursor: data.next, cursor_param: c}",
            format!("{at}/next_cursor"),
            "`data.next` goes through `Vec<String>`, which is not an object",
        ),
        ("{style: cursor_id, items: data, cursor_param: after}", at.to_owned(), "name `last_id`, `item_id` or both"),
    ];
    for (pagination, pointer, message) in cases {
        let (dir, error) = config_error(&method(pagination));
        assert_error(&error, &dir.join("sdk.yaml"), &pointer, message);
    }
}

#[test]
fn openapi_3_0_and_3_1_spellings_lower_to_the_same_types() {
    let v30 = "openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: 'https://api.example'}]
paths: {}
components:
  schemas:
    Kind: {type: string, enum: [a, b]}
    Item:
      type: object
      required: [id, kind]
      properties:
        id: {type: string, format: uuid}
        note: {type: string, nullable: true}
        kind: {allOf: [{$ref: '#/components/schemas/Kind'}], nullable: true}
        object: {type: string, enum: [item]}
        size: {type: integer, format: int64, minimum: 0, exclusiveMinimum: true}
";
    let v31 = "openapi: 3.1.0
info: {title: T, version: '1'}
servers: [{url: 'https://api.example'}]
paths: {}
components:
  schemas:
    Kind: {type: string, enum: [a, b]}
    Item:
      type: object
      required: [id, kind]
      properties:
        id: {type: string, format: uuid}
        note: {type: [string, 'null']}
        kind: {anyOf: [{$ref: '#/components/schemas/Kind'}, {type: 'null'}]}
        object: {type: string, const: item}
        size: {type: integer, format: int64, exclusiveMinimum: 0}
";
    let dir = folder(&[("v30.yaml", v30), ("v31.yaml", v31)]);
    let lower = |name: &str| {
        let spec = load::load_spec(&dir.join(name)).unwrap();
        let (config, _) = lower::infer_config(&spec, "t").unwrap();
        lower::lower(&spec, &config, vec![]).unwrap().0.types
    };
    let (types_30, types_31) = (lower("v30.yaml"), lower("v31.yaml"));
    assert_eq!(types_30, types_31);
    let item = types_31.iter().find(|def| def.name.as_str() == "Item").unwrap();
    let sdkgen::ir::TypeDefKind::Struct(object) = &item.kind else { panic!("Item is a struct") };
    let kind = object.fields.iter().find(|field| field.name.as_str() == "kind").unwrap();
    assert!(kind.required && kind.nullable, "required and nullable are kept apart: {kind:?}");
    let size = object.fields.iter().find(|field| field.name.as_str() == "size").unwrap();
    assert_eq!(size.constraints.minimum, Some(1.0));
}

#[test]
fn a_pure_alias_cycle_is_an_error_at_its_pointer() {
    let lowered = |schemas: &str| {
        let spec = with_header(&format!(
            "servers: [{{url: 'https://a.example'}}]\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        ));
        let dir = folder(&[("spec.yaml", &spec)]);
        let spec = load::load_spec(&dir.join("spec.yaml")).unwrap_or_else(|error| panic!("{error}"));
        let (config, _) = lower::infer_config(&spec, "t").unwrap();
        (dir, only_error(lower::lower(&spec, &config, vec![]).unwrap_err()))
    };
    let (dir, error) = lowered("    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n");
    assert_error(&error, &dir.join("spec.yaml"), "/components/schemas/A", "is a cycle of references");
    let (dir, error) = lowered(
        "    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {allOf: [{$ref: '#/components/schemas/A'}]}\n",
    );
    assert_error(&error, &dir.join("spec.yaml"), "/components/schemas/A", "`A` is only another name for `B`");
}

#[test]
fn shared_and_recursive_all_ofs_lower_to_one_type_each_not_one_per_path() {
    // Forty levels of bases, each shared by the next two, and recursive documented references: merged
    // naively they would make exponentially many types.
    let mut schemas =
        String::from("    L0: {type: object, properties: {leaf: {type: object, properties: {v: {type: string}}}}}\n");
    for level in 1..40 {
        let previous = level - 1;
        schemas.push_str(&format!(
            "    L{level}: {{allOf: [{{$ref: '#/components/schemas/L{previous}'}}, {{$ref: '#/components/schemas/L{previous}'}}, {{type: object, properties: {{p{level}: {{type: object, properties: {{next: {{allOf: [{{$ref: '#/components/schemas/L{level}'}}, {{description: again}}]}}}}}}}}}}]}}\n"
        ));
    }
    let spec = with_header(&format!(
        "servers: [{{url: 'https://a.example'}}]\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    ));
    let dir = folder(&[("spec.yaml", &spec)]);
    let spec = load::load_spec(&dir.join("spec.yaml")).unwrap_or_else(|error| panic!("{error}"));
    let (config, _) = lower::infer_config(&spec, "t").unwrap();
    let api = lower::lower(&spec, &config, vec![]).unwrap().0;
    assert!(api.types.len() < 200, "{} types", api.types.len());
}

#[test]
fn a_webhook_signature_is_chosen_in_the_config_and_a_wrong_one_is_named() {
    let dir = folder(&[("openapi.yaml", SPEC)]);
    let spec = load::load_spec(&dir.join("openapi.yaml")).unwrap();
    for (signature, expected) in
        [("stripe", sdkgen::ir::WebhookSignature::Stripe), ("github", sdkgen::ir::WebhookSignature::Github)]
    {
        let resources = "resources:\n  files:\n    methods:\n      list: listFiles\n";
        std::fs::write(dir.join("sdk.yaml"), format!("{CONFIG_HEAD}webhooks: {{signature: {signature}}}\n{resources}"))
            .unwrap();
        let config = SdkConfig::load(&dir.join("sdk.yaml")).unwrap();
        let (api, _) = lower::lower(&spec, &config, vec![]).unwrap();
        assert_eq!(api.webhook_signature, expected);
    }
    let (dir, error) = config_error(&format!("{CONFIG_HEAD}webhooks: {{signature: hmac}}\nresources: {{}}\n"));
    assert_error(&error, &dir.join("sdk.yaml"), "/webhooks/signature", "unknown variant `hmac`");
}

#[test]
fn webhooks_that_cannot_be_read_are_left_out_with_a_warning() {
    let spec = with_header("paths: {}\nwebhooks:\n  broken:\n    post:\n      parameters: 7\n");
    let (dir, warnings) = spec_warnings(&[("openapi.yaml", &spec)]);
    assert_warning(
        &warnings,
        &dir.join("openapi.yaml"),
        "/webhooks/broken/post/parameters",
        "the spec's webhooks are left out",
    );
}

/// A helper names its method as the SDK config does; the method keeps that name for the helper even
/// when the resource's namespace renames it (`clone` is taken by the resource's `Clone`).
#[test]
fn a_helper_finds_its_method_by_the_configs_name_even_when_it_is_renamed() {
    let spec = SPEC.replace("properties:\n", "properties:\n                  url: {type: string}\n");
    let config = format!(
        "{CONFIG_HEAD}resources:\n  files:\n    methods:\n      clone: listFiles\n    helpers:\n      fetch:\n        download_url: {{method: clone, url_field: url}}\n"
    );
    let dir = folder(&[("openapi.yaml", &spec), ("sdk.yaml", &config)]);
    let spec = load::load_spec(&dir.join("openapi.yaml")).unwrap();
    let config = SdkConfig::load(&dir.join("sdk.yaml")).unwrap();
    let (api, _) = lower::lower(&spec, &config, vec![]).unwrap_or_else(|error| panic!("{error}"));
    let files = &api.resources[0];
    let helper = &files.helpers[0];
    assert_eq!(files.methods[0].name.as_str(), "clone2");
    assert_eq!(helper.name.as_str(), "fetch");
    assert_eq!(files.method(helper.method).name.as_str(), "clone2");
}
