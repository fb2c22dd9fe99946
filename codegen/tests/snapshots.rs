//! Every file the generator emits for the five providers, as `insta` snapshots: a change to the
//! generator shows up in review as a diff of the SDK code it produces.

use std::path::Path;

use sdkgen::output;

#[test]
fn emitted_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen lives in the workspace");
    let output = output::workspace_output(root).unwrap_or_else(|error| panic!("{error}"));
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for file in &output.files {
            let name = file.path.trim_start_matches("generated/").replace('/', "__");
            insta::assert_snapshot!(name, file.contents);
        }
    });
}
