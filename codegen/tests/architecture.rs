//! The generator's modules form no import circle: a module that another one uses never uses it back,
//! directly or through others, so that each can be read, and changed, knowing only what it uses.
//! Parents and their own submodules are one unit here (a parent declares its children).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};

type Module = Vec<String>;

/// Every module of `src/`, by path (`["emit", "types"]`), with its source.
fn modules() -> BTreeMap<Module, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(&root).unwrap().with_extension("");
            let mut module: Module = relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            (module, std::fs::read_to_string(&file).unwrap())
        })
        .collect()
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

/// The paths a module names that start with `crate` or `super`, as written, outside test modules
/// and outside `quote!` (which writes the generated crate's code, not the generator's).
fn named_paths(tokens: TokenStream, out: &mut Vec<Vec<String>>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < tokens.len() {
        match &tokens[index] {
            TokenTree::Group(group) => {
                let after = |offset: usize, word: &str| {
                    index >= offset && matches!(&tokens[index - offset], TokenTree::Ident(ident) if ident == word)
                };
                let quoted = after(2, "quote") || after(2, "quote_spanned");
                if !quoted && !after(1, "tests") {
                    named_paths(group.stream(), out);
                }
            }
            TokenTree::Ident(ident) if ident == "crate" || ident == "super" => {
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
                out.push(path);
                index = next;
                continue;
            }
            _ => {}
        }
        index += 1;
    }
}

/// The module a path names, relative to `from`: the longest prefix that is a module.
fn target(modules: &BTreeMap<Module, String>, from: &Module, path: &[String]) -> Option<Module> {
    let mut module: Module = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        _ => from.clone(),
    };
    let mut rest = path.iter();
    if path.first().is_some_and(|first| first == "crate") {
        rest.next();
    }
    for part in rest {
        match part.as_str() {
            "super" => {
                module.pop()?;
            }
            name => {
                let mut deeper = module.clone();
                deeper.push(name.to_owned());
                if !modules.contains_key(&deeper) {
                    break;
                }
                module = deeper;
            }
        }
    }
    Some(module)
}

fn related(a: &Module, b: &Module) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

#[test]
fn no_two_modules_of_the_generator_import_each_other() {
    let modules = modules();
    let mut uses: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, source) in &modules {
        let tokens: TokenStream = source.parse().unwrap_or_else(|error| panic!("{module:?}: {error}"));
        let mut paths = Vec::new();
        named_paths(tokens, &mut paths);
        let targets = paths.iter().filter_map(|path| target(&modules, module, path));
        uses.entry(module.clone()).or_default().extend(targets.filter(|used| !related(module, used)));
    }
    let mut circles = Vec::new();
    for (module, used) in &uses {
        for other in used {
            if module < other && uses.get(other).is_some_and(|back| back.contains(module)) {
                circles.push(format!("{} <-> {}", module.join("::"), other.join("::")));
            }
        }
    }
    assert!(circles.is_empty(), "modules that import each other:\n{}", circles.join("\n"));
    assert!(uses.len() > 40, "only {} modules read", uses.len());
}
