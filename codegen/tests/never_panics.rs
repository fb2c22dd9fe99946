//! No input makes the generator panic: every node of each provider's spec, replaced in turn by a
//! value of another kind, gives a result or an error, never a panic.

use std::path::Path;

use sdkgen::config::SdkConfig;
use sdkgen::{load, lower};
use serde_json::{json, Value};

/// Every JSON pointer of `value`.
fn pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                pointers(child, format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(pointer);
}

#[test]
fn mutated_specs_give_errors_not_panics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = std::env::temp_dir().join(format!("sdkgen-mutations-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let replacements = [json!(null), json!(7), json!("x"), json!({}), json!([])];
    let mut runs = 0;
    for provider in ["spitch", "deeptable", "aymara", "muna", "llamacloud"] {
        let folder = root.join("specs").join(provider);
        let original = load::read_document(&folder.join("openapi.yaml")).unwrap();
        let config = SdkConfig::load(&folder.join("sdk.yaml")).unwrap();
        let mut all = Vec::new();
        pointers(&original, String::new(), &mut all);
        for (index, pointer) in all.iter().enumerate() {
            let mut mutated = original.clone();
            *mutated.pointer_mut(pointer).unwrap() = replacements[index % replacements.len()].clone();
            // The copy keeps the spec's name, so that the loader reads its sibling files too.
            let spec = dir.join(provider).join("openapi.json");
            std::fs::create_dir_all(spec.parent().unwrap()).unwrap();
            for sibling in std::fs::read_dir(&folder).unwrap() {
                let sibling = sibling.unwrap().path();
                std::fs::copy(&sibling, spec.parent().unwrap().join(sibling.file_name().unwrap())).unwrap();
            }
            std::fs::write(&spec, serde_json::to_string(&mutated).unwrap()).unwrap();
            let outcome = std::panic::catch_unwind(|| {
                let loaded = load::load_spec(&spec)?;
                lower::lower(&loaded, &config, Vec::new()).map(|_| ())
            });
            assert!(
                outcome.is_ok(),
                "{provider}: replacing {pointer} with {} panicked",
                replacements[index % replacements.len()]
            );
            runs += 1;
        }
    }
    assert!(runs > 1000, "only {runs} mutations");
    std::fs::remove_dir_all(dir).unwrap();
}
