//! The one way templates are rendered: `minijinja` with trimmed blocks and a `toml` filter.

use std::path::Path;

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, Value};

use crate::diagnostics::Error;

/// A string, or a list of strings, as a TOML value: `"text"` with `"`, `\\` and control
/// characters escaped, or `["a", "b"]`.
fn toml_value(value: Value) -> Result<String, minijinja::Error> {
    let quoted = |text: &str| {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    };
    if let Some(text) = value.as_str() {
        return Ok(quoted(text));
    }
    let items = value.try_iter()?.map(|item| item.as_str().map(quoted).unwrap_or_default()).collect::<Vec<_>>();
    Ok(format!("[{}]", items.join(", ")))
}

pub(super) fn render(name: &str, source: &str, context: Value) -> Result<String, Error> {
    let template_error = |error: minijinja::Error| {
        Error::file(Path::new("codegen/templates").join(name).as_path(), format!("template error: {error:#}"))
    };
    let mut environment = Environment::new();
    let syntax =
        SyntaxConfig::builder().trim_blocks(true).keep_trailing_newline(true).build().map_err(template_error)?;
    environment.set_syntax(syntax);
    environment.add_filter("toml", toml_value);
    environment.add_template(name, source).map_err(template_error)?;
    let mut rendered =
        environment.get_template(name).and_then(|template| template.render(context)).map_err(template_error)?;
    if !rendered.ends_with('\n') {
        rendered.push('\n');
    }
    Ok(rendered)
}

#[cfg(test)]
mod tests {
    use minijinja::Value;

    #[test]
    fn toml_values_are_quoted_and_escaped() {
        let text = super::toml_value(Value::from("GitHub's \"REST\" API \\ v3\n")).unwrap();
        assert_eq!(text, r#""GitHub's \"REST\" API \\ v3\u000A""#);
        let list = super::toml_value(Value::from(vec!["sdk", "api"])).unwrap();
        assert_eq!(list, r#"["sdk", "api"]"#);
    }
}
