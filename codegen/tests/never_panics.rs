//! No input makes the generator panic or emit invalid Rust: every node of each provider's spec and
//! of the hostile fixtures, replaced in turn by a value of another kind, every key renamed to a
//! hostile name, and every reference turned into a cycle, goes through the whole generator (load,
//! lower, emit, render) to a crate or to an error.

use std::path::{Path, PathBuf};

use sdkgen::load;
use sdkgen::output;
use serde_json::{json, Value};

/// Names that clash with Rust, with what the generator writes, or make no identifier at all.
const HOSTILE: [&str; 8] = ["type", "options", "", "名前", "2fa", "self", "Result", "r#"];

/// Every JSON pointer of `value`, with whether it is an object's key (rather than an array's index).
fn pointers(value: &Value, pointer: String, out: &mut Vec<(String, bool)>, keyed: bool) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                pointers(child, format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), out, true);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{pointer}/{index}"), out, false);
            }
        }
        _ => {}
    }
    out.push((pointer, keyed));
}

/// The spec with the node at `pointer` replaced, or renamed, or (for a reference) made a cycle.
fn mutations(original: &Value, index: usize, pointer: &str, keyed: bool) -> Vec<Value> {
    let replacements = [json!(null), json!(7), json!("x"), json!({}), json!([])];
    let mut mutated = original.clone();
    *mutated.pointer_mut(pointer).unwrap() = replacements[index % replacements.len()].clone();
    let mut out = vec![mutated];
    if let (true, Some((parent, key))) = (keyed, pointer.rsplit_once('/')) {
        let mut renamed = original.clone();
        if let Some(object) = renamed.pointer_mut(parent).and_then(Value::as_object_mut) {
            let key = key.replace("~1", "/").replace("~0", "~");
            if let Some(value) = object.remove(&key) {
                object.insert(HOSTILE[index % HOSTILE.len()].to_owned(), value);
                out.push(renamed);
            }
        }
    }
    if pointer.ends_with("/$ref") {
        // A reference to the schema that holds it, and one to itself.
        let enclosing: Vec<&str> = pointer.split('/').take(4).collect();
        for target in [format!("#{}", enclosing.join("/")), format!("#{}", pointer.trim_end_matches("/$ref"))] {
            let mut cyclic = original.clone();
            *cyclic.pointer_mut(pointer).unwrap() = Value::String(target);
            out.push(cyclic);
        }
    }
    out
}

fn specs() -> Vec<(PathBuf, Option<PathBuf>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut specs: Vec<(PathBuf, Option<PathBuf>)> = ["spitch", "deeptable", "aymara", "muna", "llamacloud"]
        .iter()
        .map(|provider| {
            let folder = root.join("specs").join(provider);
            (folder.join("openapi.yaml"), Some(folder.join("sdk.yaml")))
        })
        .collect();
    for fixture in ["names", "refs", "liberal", "unions"] {
        specs.push((
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture).join("openapi.yaml"),
            None,
        ));
    }
    specs
}

#[test]
fn mutated_specs_give_crates_or_errors_never_panics_or_invalid_rust() {
    let dir = std::env::temp_dir().join(format!("sdkgen-mutations-{}", std::process::id()));
    let mut runs = 0;
    for (spec, config) in specs() {
        let original = load::read_document(&spec).unwrap();
        let mut all = Vec::new();
        pointers(&original, String::new(), &mut all, false);
        // The copy keeps the spec's name, so that the loader reads its sibling files too.
        let copy = dir.join(spec.parent().unwrap().file_name().unwrap()).join("openapi.json");
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        for sibling in std::fs::read_dir(spec.parent().unwrap()).unwrap() {
            let sibling = sibling.unwrap().path();
            if sibling.is_file() {
                std::fs::copy(&sibling, copy.parent().unwrap().join(sibling.file_name().unwrap())).unwrap();
            }
        }
        for (index, (pointer, keyed)) in all.iter().enumerate() {
            for mutated in mutations(&original, index, pointer, *keyed) {
                std::fs::write(&copy, serde_json::to_string(&mutated).unwrap()).unwrap();
                let outcome =
                    std::panic::catch_unwind(|| output::standalone_output(&copy, config.as_deref(), "mutated"));
                let Ok(outcome) = outcome else { panic!("{}: mutating {pointer} panicked", spec.display()) };
                if let Err(error) = outcome.and_then(|output| output.check_rust_syntax()) {
                    assert!(
                        !error.to_string().contains("invalid Rust"),
                        "{}: mutating {pointer}: {error}",
                        spec.display()
                    );
                }
                runs += 1;
            }
        }
    }
    assert!(runs > 5000, "only {runs} mutations");
    std::fs::remove_dir_all(dir).unwrap();
}
