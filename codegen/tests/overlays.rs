//! Levers for a spec that contradicts its server: overlay documents and the SDK config's overrides
//! that are not what they should be give one clear error naming the file and the JSON pointer;
//! and the config's choice of where the runtime comes from.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use sdkgen::{output, Diagnostic, Severity};

const SPEC: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://t.example'}]\n\
paths:\n  /things:\n    get:\n      operationId: listThings\n      responses: {'200': {description: ok}}\n";

/// Writes `files` beside the spec above into a fresh folder and generates its SDK with `sdk.yaml`.
fn generate(files: &[(&str, &str)]) -> (PathBuf, Result<output::Output, sdkgen::Error>) {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sdkgen-overlays-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("openapi.yaml"), SPEC).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let result = output::standalone_output(&dir.join("openapi.yaml"), Some(&dir.join("sdk.yaml")), "t");
    (dir, result)
}

fn config(extra: &str) -> String {
    format!("name: t\ntitle: T\nenv: {{prefix: T, base_url: T_BASE_URL}}\n{extra}")
}

fn only_error(result: Result<output::Output, sdkgen::Error>) -> Diagnostic {
    let Err(error) = result else { panic!("generation succeeded") };
    assert_eq!(error.diagnostics.len(), 1, "{error}");
    let diagnostic = error.diagnostics.into_iter().next().unwrap();
    assert_eq!(diagnostic.severity, Severity::Error);
    diagnostic
}

#[test]
fn a_malformed_overlay_is_an_error_at_its_place() {
    let cases = [
        (
            "overlay: 1.0.0\nactions:\n  - target: '$.paths[?'\n    remove: true\n",
            "/actions/0/target",
            "is not a JSONPath expression",
        ),
        ("overlay: 1.0.0\nactions:\n  - update: {}\n", "/actions/0/target", "an action needs a `target`"),
        (
            "overlay: 1.0.0\nactions:\n  - target: $.info\n",
            "/actions/0",
            "an action needs an `update` or `remove: true`",
        ),
        (
            "overlay: 1.0.0\nactions:\n  - target: $.info\n    remove: yes please\n",
            "/actions/0/remove",
            "must be true or false",
        ),
        ("openapi: 3.0.3\n", "/overlay", "not an OpenAPI Overlay document"),
        ("overlay: 1.0.0\n", "/actions", "an overlay needs a list of `actions`"),
    ];
    for (overlay, pointer, message) in cases {
        let (dir, result) = generate(&[("sdk.yaml", &config("overlays: [fix.yaml]\n")), ("fix.yaml", overlay)]);
        let error = only_error(result);
        assert_eq!((error.file, error.pointer.as_str()), (dir.join("fix.yaml"), pointer), "{overlay}");
        assert!(error.message.contains(message), "expected {message:?} in {:?}", error.message);
    }
}

#[test]
fn an_overlay_action_that_selects_nothing_is_a_warning_naming_it() {
    let overlay = "overlay: 1.0.0\nactions:\n  - target: $.paths['/things'].get\n    update: {description: 'Lists things as the overlay says.'}\n  - target: $.paths['/nothing']\n    remove: true\n";
    let (dir, result) = generate(&[("sdk.yaml", &config("overlays: [fix.yaml]\n")), ("fix.yaml", overlay)]);
    let output = result.unwrap_or_else(|error| panic!("{error}"));
    let warning = output.warnings.iter().find(|warning| warning.file == dir.join("fix.yaml")).expect("a warning");
    assert_eq!(warning.pointer, "/actions/1");
    assert!(warning.message.contains("`$.paths['/nothing']` selects nothing"), "{warning}");
    let resource = output.files.iter().find(|file| file.path.ends_with("things.rs")).expect("a things resource");
    assert!(resource.contents.contains("/// Lists things as the overlay says."), "{}", resource.contents);
}

#[test]
fn overrides_that_cannot_apply_are_errors_in_the_config() {
    let unknown = config("overrides:\n  responses:\n    getThing: {type: string}\n");
    let (dir, result) = generate(&[("sdk.yaml", &unknown)]);
    let error = only_error(result);
    assert_eq!((error.file, error.pointer.as_str()), (dir.join("sdk.yaml"), "/overrides/responses/getThing"));
    assert!(error.message.contains("the spec has no operation `getThing`"), "{}", error.message);

    let malformed = config("auth:\n  - {scheme: basic, declare: {scheme: basic}, setter: username, env: T_USERNAME}\n");
    let (dir, result) = generate(&[("sdk.yaml", &malformed)]);
    let error = only_error(result);
    assert_eq!((error.file, error.pointer.as_str()), (dir.join("sdk.yaml"), "/auth/0/declare"));
    assert!(error.message.contains("must be a Security Scheme Object"), "{}", error.message);
}

#[test]
fn an_override_by_route_types_the_response() {
    let (_, result) = generate(&[(
        "sdk.yaml",
        &config("overrides:\n  responses:\n    GET /things: {type: array, items: {type: string}}\n"),
    )]);
    let output = result.unwrap_or_else(|error| panic!("{error}"));
    let resource = output.files.iter().find(|file| file.path.ends_with("things.rs")).expect("a things resource");
    assert!(resource.contents.contains("runtime::Json<Vec<String>>"), "{}", resource.contents);
}

#[test]
fn the_config_chooses_where_the_runtime_comes_from() {
    let runtime_files =
        |output: &output::Output| output.files.iter().filter(|f| f.path.starts_with("src/runtime/")).count();
    let (_, inline) = generate(&[("sdk.yaml", &config("package: {runtime: inline}"))]);
    let inline = inline.unwrap_or_else(|error| panic!("{error}"));
    assert!(runtime_files(&inline) > 30, "the inline copy is every file of the runtime");
    let (_, on_crate) = generate(&[("sdk.yaml", &config("package: {runtime: crate}"))]);
    let on_crate = on_crate.unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(runtime_files(&on_crate), 0);
    let (dir, unknown) = generate(&[("sdk.yaml", &config("package: {runtime: vendored}"))]);
    let error = only_error(unknown);
    assert_eq!((error.file, error.pointer.as_str()), (dir.join("sdk.yaml"), "/package/runtime"), "{}", error.message);
}
