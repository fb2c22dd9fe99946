//! Names the emitters write themselves, whatever the spec says: the members every client, client
//! builder, request builder and resource has, the locals of helper bodies, the modules of a
//! provider. Each list is the one owner of its scope's fixed names: lowering's namespace for the
//! scope starts with it, so no name from a spec takes one, and `codegen/tests/reserved_names.rs`
//! fails when an emitter writes a fixed name its list does not hold.

/// The module of a provider that holds its webhook events.
pub const WEBHOOKS_MODULE: &str = "webhook_events";

/// The module of a provider that mocks it, with the `test-util` feature.
pub const MOCK_MODULE: &str = "mock";

/// The modules a provider's module declares itself, beside one per resource, the crates an SDK
/// crate re-exports (a single provider's modules are re-exported beside them), and the cargo
/// features of a crate of one provider (where each top resource's module name is a feature too).
pub const PROVIDER_MODULES: &[&str] = &[
    "blocking",
    "bytes",
    "chrono",
    "client",
    "default",
    "deserialize",
    "full",
    "futures_util",
    MOCK_MODULE,
    "mod",
    "opentelemetry",
    "reqwest",
    "runtime",
    "serde",
    "serde_json",
    "serialize",
    "types",
    "uuid",
    WEBHOOKS_MODULE,
];

/// The types of a provider's `mock` module beside one per resource.
pub const MOCK_MODULE_TYPES: &[&str] = &["Mock"];

/// Methods every request builder has, beside one per setter and the streaming call.
pub const BUILDER_METHODS: &[&str] =
    &["clone", "collect_all", "into_future", "items", "pages", "send", "send_raw", "with_options"];

/// Methods every resource has, beside its methods, helpers and sub-resources.
pub const RESOURCE_METHODS: &[&str] = &["clone"];

/// Methods every client has, beside one per top-level resource.
pub const CLIENT_METHODS: &[&str] =
    &["builder", "clone", "download_url", "from_env", "upload_presigned_post", "upload_presigned_put"];

/// Methods a provider's `Mock` has, beside one per top-level resource.
pub const MOCK_METHODS: &[&str] = &["client", "clone", "default", "new", "transport"];

/// Methods every client builder has, beside one per credential and client header.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "base_url",
    "build",
    "connect_timeout",
    "default_header",
    "environment",
    "http_client",
    "interceptor",
    "max_response_size",
    "max_retries",
    "mocked",
    "timeout",
    "transport",
];

/// Names helper bodies give their own parameters and locals, beside the helper's arguments.
pub const HELPER_LOCALS: &[&str] = &[
    "file",
    "file_name",
    "files",
    "items",
    "name",
    "options",
    "other",
    "request",
    "response",
    "result",
    "size",
    "value",
];

/// The command-line tool's subcommands besides one per resource and method: clap's `help` on
/// every command that has subcommands, and the tool's `completions`.
pub const CLI_COMMANDS: &[&str] = &["help", "completions"];

/// Their variants in the enums of subcommands.
pub const CLI_VARIANTS: &[&str] = &["Help", "Completions"];

/// The fields of a method's arguments besides one per input: clap's `--help` and `--version`,
/// and the top command's global `--base-url` (each credential's global flag is reserved too).
pub const CLI_FLAGS: &[&str] = &["help", "version", "base_url"];

/// The types of a provider's command module besides one per resource and method.
pub const CLI_TYPES: &[&str] = &["Cli", "Client", "Command", "Connection", "Failure"];

/// The variant of an emitted enum or union that keeps what this SDK does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The items of a provider's MCP module besides one function per tool.
pub const MCP_ITEMS: &[&str] =
    &["main", "call", "support", "types", "chrono", "uuid", "Client", "TOOLS", "DEFINITIONS"];
