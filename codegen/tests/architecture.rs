//! The house rules of every crate's modules, checked on the source: the generator (`codegen/src`),
//! the SDK runtime (`runtime/src`) and `xtask`.
//!
//! - **No circles.** A module that another one uses never uses it back, directly or through others,
//!   at any level: two folders whose files import each other are a circle too.
//! - **Children do not import from their parents.** A parent declares its children and may use
//!   them; what its children share lives in a sibling file of theirs.
//! - **Parents only dispatch.** A parent file holds `mod` and `use` items (and, for a binary,
//!   `main` and its allocator); its code lives in its children.
//! - **Layers.** The emitters (`emit/`, `render`) read the IR only: never `load/` or `lower/`.
//! - **Ids.** Only lowering and the IR make ids (`TypeId::new`): an id read from the IR always names
//!   something.
//! - **Short functions.** No function is longer than a screen: [`MAX_FUNCTION_LINES`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// A module's path inside its tree (`["emit", "types"]`); the tree's root is `[]`.
type Module = Vec<String>;

/// One crate's (or one folder's) modules and their sources.
struct Tree {
    name: &'static str,
    /// The path `crate::` takes to reach the tree's root (`["support"]` for a tool's support).
    crate_prefix: &'static [&'static str],
    modules: BTreeMap<Module, String>,
}

impl Tree {
    fn read(name: &'static str, folder: &str, crate_prefix: &'static [&'static str]) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(folder);
        let mut files = Vec::new();
        collect(&root, &mut files);
        let modules = files
            .into_iter()
            .map(|file| {
                let relative = file.strip_prefix(&root).unwrap().with_extension("");
                let mut module: Module = relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
                if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                    module.pop();
                }
                (module, std::fs::read_to_string(&file).unwrap())
            })
            .collect();
        Self { name, crate_prefix, modules }
    }

    fn from_sources(sources: &[(&str, &str)]) -> Self {
        let modules = sources
            .iter()
            .map(|(path, source)| {
                let module = path.split("::").filter(|part| !part.is_empty()).map(str::to_owned).collect();
                (module, (*source).to_owned())
            })
            .collect();
        Self { name: "test", crate_prefix: &[], modules }
    }

    /// Each module's imports of modules outside itself, as the modules they resolve to.
    fn imports(&self) -> BTreeMap<&Module, BTreeSet<Module>> {
        let mut imports = BTreeMap::new();
        for (module, source) in &self.modules {
            let tokens: TokenStream =
                source.parse().unwrap_or_else(|error| panic!("{}: {module:?}: {error}", self.name));
            let mut paths = Vec::new();
            named_paths(tokens, 0, &mut paths);
            let targets = paths.iter().filter_map(|path| self.target(module, path));
            imports.insert(module, targets.filter(|target| !target.starts_with(module)).collect());
        }
        imports
    }

    /// The module `path` names from `from`: the longest prefix of it that is a module.
    fn target(&self, from: &Module, path: &[String]) -> Option<Module> {
        let mut parts = path.iter().peekable();
        let mut module = if parts.peek().is_some_and(|first| *first == "crate") {
            parts.next();
            for expected in self.crate_prefix {
                if parts.next().is_none_or(|part| part != expected) {
                    return None;
                }
            }
            // `macro_export` puts a macro at the root; it is still its own module's.
            if let Some(defined_in) = parts.peek().and_then(|name| self.exported_macro(name)) {
                return Some(defined_in);
            }
            Vec::new()
        } else {
            from.clone()
        };
        for part in parts {
            if part == "super" {
                module.pop()?;
                continue;
            }
            let mut deeper = module.clone();
            deeper.push(part.clone());
            if !self.modules.contains_key(&deeper) {
                break;
            }
            module = deeper;
        }
        Some(module)
    }

    /// The module that defines the `macro_export`ed macro `name`.
    fn exported_macro(&self, name: &str) -> Option<Module> {
        let definition = format!("#[macro_export]\nmacro_rules! {name} {{");
        self.modules.iter().find(|(_, source)| source.contains(&definition)).map(|(module, _)| module.clone())
    }

    fn is_parent(&self, module: &Module) -> bool {
        self.modules.keys().any(|other| other.len() > module.len() && other.starts_with(module))
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

/// The paths a file names that start with `crate` or `super`, outside test modules, `quote!`
/// (which writes generated code) and `$crate` (a macro's caller). A path inside an inline module
/// (`mod sealed { … super::Json … }`) is taken from the file's own module.
fn named_paths(tokens: TokenStream, inline_depth: usize, out: &mut Vec<Vec<String>>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let word_at =
        |index: usize, word: &str| matches!(tokens.get(index), Some(TokenTree::Ident(ident)) if ident == word);
    let mut index = 0;
    while index < tokens.len() {
        match &tokens[index] {
            TokenTree::Group(group) => {
                let quoted = index >= 2 && (word_at(index - 2, "quote") || word_at(index - 2, "quote_spanned"));
                let module = index >= 2 && word_at(index - 2, "mod") && group.delimiter() == Delimiter::Brace;
                let tests = index >= 1 && word_at(index - 1, "tests");
                if !quoted && !tests {
                    named_paths(group.stream(), inline_depth + usize::from(module), out);
                }
            }
            TokenTree::Ident(ident) if ident == "crate" || ident == "super" => {
                let dollar =
                    index >= 1 && matches!(&tokens[index - 1], TokenTree::Punct(punct) if punct.as_char() == '$');
                let mut path = vec![ident.to_string()];
                let mut next = index + 1;
                while let (
                    Some(TokenTree::Punct(first)),
                    Some(TokenTree::Punct(second)),
                    Some(TokenTree::Ident(part)),
                ) = (tokens.get(next), tokens.get(next + 1), tokens.get(next + 2))
                {
                    if first.as_char() != ':' || second.as_char() != ':' {
                        break;
                    }
                    path.push(part.to_string());
                    next += 3;
                }
                let supers = path.iter().take_while(|part| *part == "super").count();
                // `pub(crate)`, `pub(super)` and `pub(in crate::emit)` are visibilities, not imports.
                let visibility = path.len() == 1 || (index >= 1 && word_at(index - 1, "in"));
                if !dollar && !visibility && (path[0] == "crate" || supers > inline_depth) {
                    out.push(path.split_off(if path[0] == "crate" { 0 } else { inline_depth }));
                }
                index = next;
                continue;
            }
            _ => {}
        }
        index += 1;
    }
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "(root)".to_owned()
    } else {
        module.join("::")
    }
}

/// Imports from a module into one of its ancestors.
fn imports_from_parents(tree: &Tree) -> Vec<String> {
    let mut found = Vec::new();
    for (module, targets) in tree.imports() {
        for target in targets.iter().filter(|target| module.starts_with(target)) {
            found.push(format!("{}: {} imports from its parent {}", tree.name, name(module), name(target)));
        }
    }
    found
}

/// Modules that reach themselves through imports. An import from `a::x` to `b::y` is also one from
/// `a` to `b`, where they are siblings: folders that import each other are a circle too.
fn circles(tree: &Tree) -> Vec<String> {
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, targets) in tree.imports() {
        for target in targets.iter().filter(|target| !module.starts_with(target)) {
            let shared = module.iter().zip(target).take_while(|(a, b)| a == b).count();
            edges.entry(module[..=shared].to_vec()).or_default().insert(target[..=shared].to_vec());
        }
    }
    let mut found = Vec::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Module> = edges[start].iter().collect();
        while let Some(module) = stack.pop() {
            if seen.insert(module) {
                stack.extend(edges.get(module).into_iter().flatten());
            }
        }
        if seen.contains(start) {
            let through: Vec<String> =
                edges[start].iter().filter(|next| reaches(&edges, next, start)).map(|next| name(next)).collect();
            found.push(format!("{}: {} is in a circle, through {}", tree.name, name(start), through.join(", ")));
        }
    }
    found
}

fn reaches(edges: &BTreeMap<Module, BTreeSet<Module>>, from: &Module, to: &Module) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(module) = stack.pop() {
        if module == to {
            return true;
        }
        if seen.insert(module) {
            stack.extend(edges.get(module).into_iter().flatten());
        }
    }
    false
}

/// Items in a parent's file other than `mod`, `use`, and a binary's `main` and allocator.
fn parents_that_do_more_than_dispatch(tree: &Tree) -> Vec<String> {
    let mut found = Vec::new();
    for (module, source) in tree.modules.iter().filter(|(module, _)| tree.is_parent(module)) {
        let file = syn::parse_file(source).unwrap_or_else(|error| panic!("{}: {module:?}: {error}", tree.name));
        for item in &file.items {
            let allowed = match item {
                syn::Item::Mod(_) | syn::Item::Use(_) | syn::Item::ExternCrate(_) => true,
                syn::Item::Fn(function) => module.is_empty() && function.sig.ident == "main",
                syn::Item::Static(item) => item.attrs.iter().any(|attr| attr.path().is_ident("global_allocator")),
                _ => false,
            };
            if !allowed {
                found.push(format!("{}: the parent {} holds {}", tree.name, name(module), label(item)));
            }
        }
    }
    found
}

/// What an item is, as a message names it: `struct Api`, `impl Lowering`.
fn label(item: &syn::Item) -> String {
    let text = |tokens: &dyn quote::ToTokens| tokens.to_token_stream().to_string();
    match item {
        syn::Item::Struct(item) => format!("struct {}", item.ident),
        syn::Item::Enum(item) => format!("enum {}", item.ident),
        syn::Item::Fn(item) => format!("fn {}", item.sig.ident),
        syn::Item::Const(item) => format!("const {}", item.ident),
        syn::Item::Static(item) => format!("static {}", item.ident),
        syn::Item::Type(item) => format!("type {}", item.ident),
        syn::Item::Trait(item) => format!("trait {}", item.ident),
        syn::Item::Impl(item) => format!("impl {}", text(&item.self_ty)),
        syn::Item::Macro(item) => format!("{}!", text(&item.mac.path)),
        other => text(other),
    }
}

/// Imports from the modules under `from` into those under `to`.
fn layer_breaches(tree: &Tree, from: &[&str], to: &[&str]) -> Vec<String> {
    let under = |module: &Module, roots: &[&str]| module.first().is_some_and(|first| roots.contains(&first.as_str()));
    let mut found = Vec::new();
    for (module, targets) in tree.imports().into_iter().filter(|(module, _)| under(module, from)) {
        for target in targets.iter().filter(|target| under(target, to)) {
            found.push(format!("{}: {} reads {}, below the IR", tree.name, name(module), name(target)));
        }
    }
    found
}

/// Where a module outside `allowed` makes an id (`FieldId::new(…)`), outside test modules.
fn ids_made_outside(tree: &Tree, allowed: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (module, source) in &tree.modules {
        if module.first().is_some_and(|first| allowed.contains(&first.as_str())) {
            continue;
        }
        let tokens: TokenStream = source.parse().unwrap_or_else(|error| panic!("{}: {module:?}: {error}", tree.name));
        for id in made_ids(tokens) {
            found.push(format!("{}: {} makes a {id}", tree.name, name(module)));
        }
    }
    found
}

/// The id types whose `new` the tokens call, outside test modules.
fn made_ids(tokens: TokenStream) -> Vec<String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut made = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => {
                let tests = index >= 1 && matches!(&tokens[index - 1], TokenTree::Ident(ident) if ident == "tests");
                made.extend(if tests { Vec::new() } else { made_ids(group.stream()) });
            }
            TokenTree::Ident(ident) if ident.to_string().ends_with("Id") => {
                let next: Vec<String> = tokens[index + 1..].iter().take(3).map(ToString::to_string).collect();
                if next == [":", ":", "new"] {
                    made.push(ident.to_string());
                }
            }
            _ => {}
        }
    }
    made
}

/// The most lines a function may take, from `fn` to its closing brace.
const MAX_FUNCTION_LINES: usize = 80;

/// Functions, methods and closures' enclosing functions longer than [`MAX_FUNCTION_LINES`].
fn long_functions(tree: &Tree) -> Vec<String> {
    let mut found = Vec::new();
    for (module, source) in &tree.modules {
        let file = syn::parse_file(source).unwrap_or_else(|error| panic!("{}: {module:?}: {error}", tree.name));
        let mut functions = Vec::new();
        functions_in(&file.items, &mut functions);
        for (name, lines) in functions.into_iter().filter(|(_, lines)| *lines > MAX_FUNCTION_LINES) {
            found.push(format!("{}: {}::{name} is {lines} lines", tree.name, self::name(module)));
        }
    }
    found
}

/// Each function's name and length in lines, in `items` and the modules and impls among them.
fn functions_in(items: &[syn::Item], out: &mut Vec<(String, usize)>) {
    let length = |sig: &syn::Signature, block: &syn::Block| {
        block.brace_token.span.close().end().line + 1 - sig.fn_token.span.start().line
    };
    for item in items {
        match item {
            syn::Item::Fn(function) => {
                out.push((function.sig.ident.to_string(), length(&function.sig, &function.block)))
            }
            syn::Item::Impl(block) => {
                for item in &block.items {
                    if let syn::ImplItem::Fn(method) = item {
                        out.push((method.sig.ident.to_string(), length(&method.sig, &method.block)));
                    }
                }
            }
            syn::Item::Trait(block) => {
                for item in &block.items {
                    if let syn::TraitItem::Fn(syn::TraitItemFn { sig, default: Some(body), .. }) = item {
                        out.push((sig.ident.to_string(), length(sig, body)));
                    }
                }
            }
            syn::Item::Mod(syn::ItemMod { content: Some((_, items)), .. }) => functions_in(items, out),
            _ => {}
        }
    }
}

fn trees() -> [Tree; 5] {
    [
        Tree::read("codegen", "codegen/src", &[]),
        Tree::read("runtime", "runtime/src", &[]),
        Tree::read("xtask", "xtask/src", &[]),
        Tree::read("cli support", "cli/src/support", &["support"]),
        Tree::read("mcp support", "mcp/src/support", &["support"]),
    ]
}

#[test]
fn no_module_is_in_a_circle_or_imports_from_its_parent() {
    let mut problems = Vec::new();
    for tree in trees() {
        // The smallest tree, the tool's support, has four modules: fewer means a tree was misread.
        assert!(tree.modules.len() >= 4, "{}: only {} modules read", tree.name, tree.modules.len());
        problems.extend(circles(&tree));
        problems.extend(imports_from_parents(&tree));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn parents_only_dispatch() {
    let problems: Vec<String> = trees().iter().flat_map(parents_that_do_more_than_dispatch).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_emitters_read_only_the_ir() {
    let [codegen, ..] = trees();
    let problems = layer_breaches(&codegen, &["emit", "render"], &["load", "lower"]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn only_lowering_and_the_ir_make_ids() {
    let [codegen, ..] = trees();
    let problems = ids_made_outside(&codegen, &["lower", "ir"]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_function_is_longer_than_a_screen() {
    let problems: Vec<String> = trees().iter().flat_map(long_functions).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// The checks themselves, on small trees: each catches what it is for.

#[test]
fn a_circle_of_three_siblings_is_caught() {
    let tree = Tree::from_sources(&[
        ("", "mod a; mod b; mod c;"),
        ("a", "use super::b::B;"),
        ("b", "use crate::c::C;"),
        ("c", "use super::a::A;"),
    ]);
    assert_eq!(circles(&tree).len(), 3);
}

#[test]
fn folders_that_import_each_other_are_a_circle() {
    let tree = Tree::from_sources(&[
        ("", "mod a; mod b;"),
        ("a", "mod x; mod y;"),
        ("a::x", "use crate::b::z::Z;"),
        ("a::y", ""),
        ("b", "mod z;"),
        ("b::z", "use crate::a::y::Y;"),
    ]);
    assert_eq!(circles(&tree), ["test: a is in a circle, through b", "test: b is in a circle, through a"]);
}

#[test]
fn an_import_from_a_parent_is_caught_but_not_one_inside_an_inline_module() {
    let tree = Tree::from_sources(&[
        ("", "mod a; pub use a::A;"),
        ("a", "mod b; pub struct A; mod sealed { impl super::Sealed for super::A {} }"),
        ("a::b", "use super::A;"),
    ]);
    assert_eq!(imports_from_parents(&tree), ["test: a::b imports from its parent a"]);
    assert_eq!(parents_that_do_more_than_dispatch(&tree), ["test: the parent a holds struct A"]);
}

#[test]
fn a_macro_exported_at_the_root_belongs_to_the_module_that_defines_it() {
    let tree = Tree::from_sources(&[
        ("", "pub mod a; pub struct Root;"),
        ("a", "#[macro_export]\nmacro_rules! __made {\n() => {};\n}\npub use crate::__made as made; use crate::Root;"),
    ]);
    assert_eq!(imports_from_parents(&tree), ["test: a imports from its parent (root)"]);
    let tree = Tree::from_sources(&[
        ("", "pub mod a;"),
        ("a", "#[macro_export]\nmacro_rules! __made {\n() => {};\n}\npub use crate::__made as made;"),
    ]);
    assert!(imports_from_parents(&tree).is_empty());
}

#[test]
fn a_long_function_is_caught_in_an_impl_or_an_inline_module() {
    let body = "let x = 1;\n".repeat(MAX_FUNCTION_LINES);
    let source = format!("mod inner {{ struct A; impl A {{ fn long(&self) {{\n{body}}} }} }}\nfn short() {{}}");
    let tree = Tree::from_sources(&[("", &source)]);
    assert_eq!(long_functions(&tree), [format!("test: (root)::long is {} lines", MAX_FUNCTION_LINES + 2)]);
}

#[test]
fn an_id_made_by_an_emitter_is_caught_but_not_in_its_tests() {
    let tree = Tree::from_sources(&[
        ("", "mod emit; mod lower;"),
        ("emit", "fn f() { FieldId::new(0); } mod tests { fn g() { TypeId::new(1); } }"),
        ("lower", "fn h() { TypeId::new(2); }"),
    ]);
    assert_eq!(ids_made_outside(&tree, &["lower"]), ["test: emit makes a FieldId"]);
}

#[test]
fn a_lower_layer_read_by_an_emitter_is_caught() {
    let tree = Tree::from_sources(&[("", "mod emit; mod lower;"), ("emit", "use crate::lower::names;"), ("lower", "")]);
    assert_eq!(layer_breaches(&tree, &["emit"], &["lower"]), ["test: emit reads lower, below the IR"]);
}
