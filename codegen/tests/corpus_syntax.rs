//! Every Rust file generated for the corpus specs kept in the repository's neighbour
//! (`corpus/specs`: Stripe, both OpenAI specs, Petstores, USPTO) parses with `syn`. The
//! whole corpus, fetched ones included, is parsed by `cargo xtask corpus`; this keeps the stored
//! part in every `cargo test`.

use std::path::Path;

use sdkgen::output;

#[test]
fn every_file_generated_for_the_stored_corpus_parses() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/specs");
    let mut specs: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|error| panic!("{}: {error}", corpus.display()))
        .flatten()
        .map(|entry| entry.path())
        .collect();
    specs.sort();
    let mut files = 0;
    for spec in &specs {
        let name = spec.file_stem().unwrap().to_string_lossy().replace(['-', '.'], "_");
        let output = output::standalone_output(spec, None, &name).unwrap_or_else(|error| panic!("{error}"));
        output.check_rust_syntax().unwrap_or_else(|error| panic!("{}: {error}", spec.display()));
        files += output.files.iter().filter(|file| file.path.ends_with(".rs")).count();
    }
    assert!(specs.len() >= 8 && files > 50, "{} specs, {files} Rust files", specs.len());
}
