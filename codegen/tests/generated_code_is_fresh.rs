//! Fails when `generated/` no longer matches what `cargo xtask codegen` produces from `specs/`.

use std::path::Path;

use sdkgen::output;

#[test]
fn generated_code_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen lives in the workspace");
    let output = output::workspace_output(root).unwrap_or_else(|error| panic!("{error}"));
    let changes = output::changes(root, &output).unwrap_or_else(|error| panic!("{error}"));
    let stale: Vec<&str> = changes.iter().map(output::Change::path).collect();
    assert!(
        stale.is_empty(),
        "generated code is stale; run `cargo xtask codegen` and commit the result. Stale: {stale:#?}"
    );
}
