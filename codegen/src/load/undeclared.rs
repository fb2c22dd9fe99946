//! Where an example has properties its schema declares nowhere: the places a correct reading keeps
//! aside as undeclared, and the only ones. A schema's properties are those of the schemas it is
//! made of: its references, every `allOf` member, and the `oneOf`/`anyOf` members the example fits
//! (a user's `html_url` is not declared for an organization because users have one).

use serde_json::Value;

use super::examples::ExampleChecker;

/// How deep compositions (`allOf` of `oneOf` of a reference...) are followed at one place.
const MAX_COMPOSITION_DEPTH: usize = 32;

impl ExampleChecker {
    /// Where `example` has a property that the schema at `schema_pointer` declares nowhere, as JSON
    /// pointers into the example (`additionalProperties` admits a property without declaring it).
    pub fn undeclared(&mut self, schema_pointer: &str, example: &Value) -> Vec<String> {
        let mut found = Vec::new();
        self.undeclared_in(schema_pointer, example, "", &mut found);
        found
    }

    fn undeclared_in(&mut self, schema_pointer: &str, example: &Value, at: &str, found: &mut Vec<String>) {
        let members = self.members(schema_pointer, example, 0);
        match example {
            Value::Object(object) => {
                for (key, value) in object {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    let declaring = members.iter().find(|member| {
                        self.schema_at(member).and_then(|schema| schema.get("properties")?.get(key)).is_some()
                    });
                    match declaring.cloned() {
                        Some(member) => {
                            let property = format!("{member}/properties/{escaped}");
                            self.undeclared_in(&property, value, &format!("{at}/{escaped}"), found);
                        }
                        None => found.push(format!("{at}/{escaped}")),
                    }
                }
            }
            Value::Array(items) => {
                let with_items = members
                    .iter()
                    .find(|member| self.schema_at(member).is_some_and(|schema| schema.get("items").is_some()));
                let Some(items_pointer) = with_items.map(|member| format!("{member}/items")) else { return };
                for (index, item) in items.iter().enumerate() {
                    self.undeclared_in(&items_pointer, item, &format!("{at}/{index}"), found);
                }
            }
            _ => {}
        }
    }

    /// The pointers of `schema_pointer`'s schema and of those it is made of that `example` is an
    /// instance of: references followed, every `allOf` member, the `oneOf`/`anyOf` members it fits
    /// (all of them if it fits none, as a validator that cannot tell says).
    fn members(&mut self, schema_pointer: &str, example: &Value, depth: usize) -> Vec<String> {
        if depth > MAX_COMPOSITION_DEPTH {
            return Vec::new();
        }
        let Some(schema) = self.schema_at(schema_pointer) else { return Vec::new() };
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let Some(target) = reference.strip_prefix('#') else { return Vec::new() };
            let target = target.to_owned();
            return self.members(&target, example, depth + 1);
        }
        let count = |key: &str| schema.get(key).and_then(Value::as_array).map_or(0, Vec::len);
        let (all_of, one_of, any_of) = (count("allOf"), count("oneOf"), count("anyOf"));
        let mut members = vec![schema_pointer.to_owned()];
        for index in 0..all_of {
            members.extend(self.members(&format!("{schema_pointer}/allOf/{index}"), example, depth + 1));
        }
        for (key, len) in [("oneOf", one_of), ("anyOf", any_of)] {
            let candidates: Vec<String> = (0..len).map(|index| format!("{schema_pointer}/{key}/{index}")).collect();
            let fitting: Vec<String> =
                candidates.iter().filter(|candidate| self.fits(candidate, example)).cloned().collect();
            for candidate in if fitting.is_empty() { candidates } else { fitting } {
                members.extend(self.members(&candidate, example, depth + 1));
            }
        }
        members
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::load::ExampleChecker;

    #[test]
    fn undeclared_properties_are_found_through_references_and_the_members_an_example_fits() {
        let mut checker = ExampleChecker::from_document(json!({"components": {"schemas": {
            "File": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "parent": {"allOf": [{"$ref": "#/components/schemas/File"}], "nullable": true},
                    "owner": {"anyOf": [{"$ref": "#/components/schemas/User"}, {"$ref": "#/components/schemas/Org"}]}
                }
            },
            "User": {"type": "object", "required": ["login", "html_url"], "properties": {"login": {"type": "string"}, "html_url": {"type": "string"}}},
            "Org": {"type": "object", "required": ["login"], "properties": {"login": {"type": "string"}, "hooks_url": {"type": "string"}}}
        }}}));
        let example = json!({"id": "f1", "colour": "red", "parent": {"id": "f0", "a/b": 1}, "owner": {"login": "org", "hooks_url": "h", "html_url": 5}});
        let undeclared = checker.undeclared("/components/schemas/File", &example);
        // `html_url` is a user's, and this owner, whose `html_url` is no user's, is an organization.
        assert_eq!(undeclared, ["/colour", "/parent/a~1b", "/owner/html_url"]);
    }
}
