//! A spec written in a test, lowered as a user's would be: the names lowering gives it, without a
//! crate to build.

use sdkgen::ir::Api;

/// `spec` (JSON text) lowered with the config inferred for the provider `name`.
pub fn lower_inline_spec(name: &str, spec: &str) -> Api {
    let dir = std::env::temp_dir().join(format!("sdkgen-inline-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("openapi.json"), spec).unwrap();
    let loaded = sdkgen::load::load_spec(&dir.join("openapi.json"));
    std::fs::remove_dir_all(&dir).unwrap();
    let loaded = loaded.unwrap_or_else(|error| panic!("{error}"));
    let (config, _) = sdkgen::lower::infer_config(&loaded, name).unwrap_or_else(|error| panic!("{error}"));
    sdkgen::lower::lower(&loaded, &config, vec![]).unwrap_or_else(|error| panic!("{error}")).0
}
