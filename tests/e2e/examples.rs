//! The examples in `generated/examples/` run, each against the local fake it starts when no key is
//! configured, and do what they say.

use std::path::PathBuf;
use std::process::Command;

/// Builds the examples (cargo is done with its own build when tests run) and returns their folder.
fn examples_dir() -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", "files-sdk", "--examples"])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the examples build");
    // …/target/debug/deps/examples-<hash> → …/target/debug/examples
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(|deps| deps.parent()).unwrap().join("examples")
}

#[test]
fn every_example_runs_against_its_local_fake() {
    let dir = examples_dir();
    let expectations: [(&str, &[&str]); 5] = [
        ("deeptable", &["listed     3 files", "downloaded 22 bytes of file_0001", "deleted    file_0003 (true)"]),
        (
            "spitch",
            &[
                "listed     3 files",
                "downloaded \"text of greeting.txt\"",
                "deleted    00000000-0000-4000-8000-000000000003",
            ],
        ),
        (
            "aymara",
            &[
                "uploaded   aymara-1-0 (completed)",
                "listed     2 files, one page each",
                "downloaded \"prompt,answer\\nhi,hello\\n\"",
            ],
        ),
        ("llamacloud", &["listed     3 files", "downloaded \"%PDF-1.7 contract.pdf\"", "deleted    llx-3"]),
        ("muna", &["downloaded \"an input for a prediction\""]),
    ];
    for (example, lines) in expectations {
        let output = Command::new(dir.join(example))
            .env_remove("DEEPTABLE_API_KEY")
            .env_remove("SPITCH_API_KEY")
            .env_remove("AYMARA_AI_API_KEY")
            .env_remove("LLAMA_CLOUD_API_KEY")
            .env_remove("MUNA_ACCESS_KEY")
            // The SDK logs each request when asked to, without code and without the key.
            .env("DEEPTABLE_LOG", "info")
            .output()
            .unwrap_or_else(|error| panic!("cannot run the {example} example: {error}"));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{example}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
        assert!(stdout.contains("using a local fake"), "{example}: {stdout}");
        for line in lines {
            assert!(stdout.contains(line), "{example} printed no {line:?}:\n{stdout}");
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        if example == "deeptable" {
            assert!(
                stderr.contains("POST /v1/files succeeded")
                    && stderr.contains("GET /v1/files/file_0001/content succeeded"),
                "{stderr}"
            );
        }
        assert!(!stdout.contains("example-key") && !stderr.contains("example-key"), "{example} leaked its key");
    }
}
