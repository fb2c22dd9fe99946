//! Generation time for a large spec (release build): loading, lowering, emitting and formatting a
//! complete SDK crate. Run with `cargo bench -p sdkgen --bench generate`, or `cargo xtask
//! bench-codegen`, which also times `cargo check` of the generated crates.

use criterion::{criterion_group, criterion_main, Criterion};
use sdkgen::{output, synthetic};

/// Resources in the benchmark spec: 80 × 6 = 480 operations, about 5 MB of JSON.
pub const RESOURCES: usize = 80;

fn generate(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("sdkgen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("widgets.json");
    let text = synthetic::spec(RESOURCES);
    std::fs::write(&spec, &text).unwrap();
    eprintln!("spec: {:.1} MB, {} operations", text.len() as f64 / 1e6, RESOURCES * synthetic::OPERATIONS_PER_RESOURCE);

    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.bench_function("widgets_5mb", |b| b.iter(|| output::standalone_output(&spec, None, "widgets").unwrap()));
    group.finish();
    std::fs::remove_dir_all(dir).unwrap();
}

criterion_group!(benches, generate);
criterion_main!(benches);
