//! Every shape problem of a file in one run: unknown and misspelled fields, missing fields,
//! values of the wrong shape, values outside a field's choices.
//!
//! serde stops at the first problem, so an author would fix and re-run once per mistake.
//! When deserializing fails, the file is read again by the full parser into a tree of
//! nodes with their positions (serde-saphyr's `Spanned`), and the tree is walked against
//! the content type's JSON Schema, collecting every problem. The schema is derived from the
//! same types by schemars, so it cannot drift from what serde accepts; it is the one
//! description of the types that both editors and this walk read. The full parser (rather
//! than the fast reader's tree) builds the nodes because it takes any YAML, flow lists and
//! anchors included, and gives the positions the rest of the report uses.
//!
//! The walk knows the few schema keywords the content types produce (`type`, `properties`,
//! `required`, `additionalProperties`, `items`, `$ref`, and `oneOf` of `const` for choices);
//! rules about values (slugs, dates, a caution's one kind) are the lint rules' job. A scalar
//! is text wherever text is expected, as serde reads it.

mod node;

use super::yaml_error::did_you_mean;
use crate::diagnostic::{Diagnostic, Rule};
use node::{Node, Yaml};
use serde_json::Value;

/// The shape problems of `text` as the type whose JSON Schema is `schema`; `None` when the
/// text does not parse into a tree (a syntax error: the caller reports the parser's).
pub fn problems(
    file: &str,
    text: &str,
    schema: &Value,
    options: serde_saphyr::Options,
) -> Option<Vec<Diagnostic>> {
    let root: Node = serde_saphyr::from_str_with_options(text, options).ok()?;
    let mut walk = Walk {
        file,
        root: schema,
        out: Vec::new(),
    };
    let what = schema["title"].as_str().map_or("file".to_string(), noun);
    walk.node(schema, &root, &Field::Top(&what));
    Some(walk.out)
}

/// Which value a message is about.
enum Field<'a> {
    /// The whole file, e.g. "guide".
    Top(&'a str),
    /// The value of a key.
    Key(&'a str),
    /// An entry of the list under a key.
    Entry(&'a str),
}

impl Field<'_> {
    /// The field as a message's subject: "`cautions`", "an entry of `cautions`".
    fn subject(&self) -> String {
        match self {
            Field::Top(what) => format!("{} file", a(what)),
            Field::Key(key) => format!("`{key}`"),
            Field::Entry(key) => format!("each entry of `{key}`"),
        }
    }
}

struct Walk<'a> {
    file: &'a str,
    /// The whole schema, for `$ref`s.
    root: &'a Value,
    out: Vec<Diagnostic>,
}

/// What a value of a schema must be.
enum Shape<'s> {
    Map(&'s Value, Option<&'s str>),
    List(&'s Value),
    Text,
    /// A whole number, with the schema's `minimum` and `format` bounds.
    Whole(&'s Value),
    Bool,
    Choice(Vec<(&'s str, &'s str)>),
    /// Anything (a schema this walk does not read).
    Any,
}

impl<'a> Walk<'a> {
    /// The schema behind a `$ref`, and the name of its definition.
    fn resolve<'s>(&self, schema: &'s Value) -> (&'s Value, Option<&'s str>)
    where
        'a: 's,
    {
        match schema["$ref"].as_str() {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or(reference);
                (&self.root["$defs"][name], Some(name))
            }
            None => (schema, None),
        }
    }

    /// The shape a schema asks for, and whether it takes null (an optional field).
    fn shape<'s>(&self, schema: &'s Value) -> (Shape<'s>, bool)
    where
        'a: 's,
    {
        let (schema, name) = self.resolve(schema);
        // `Option<T>` of a named type: `anyOf` that type or null.
        if let Some(any) = schema["anyOf"].as_array() {
            let is_null = |s: &&Value| s["type"] == "null";
            if let [one] = any.iter().filter(|s| !is_null(s)).collect::<Vec<_>>()[..] {
                return (self.shape(one).0, any.iter().any(|s| is_null(&s)));
            }
        }
        let types: Vec<&str> = match &schema["type"] {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let nullable = types.contains(&"null");
        if let Some(values) = schema["enum"].as_array() {
            let values = values
                .iter()
                .filter_map(|v| Some((v.as_str()?, "")))
                .collect();
            return (Shape::Choice(values), nullable);
        }
        if let Some(choices) = schema["oneOf"].as_array() {
            let values: Option<Vec<(&str, &str)>> = choices
                .iter()
                .map(|c| {
                    Some((
                        c["const"].as_str()?,
                        c["description"].as_str().unwrap_or(""),
                    ))
                })
                .collect();
            if let Some(values) = values {
                return (Shape::Choice(values), nullable);
            }
        }
        let shape = if types.contains(&"object") {
            Shape::Map(schema, name)
        } else if types.contains(&"array") {
            Shape::List(&schema["items"])
        } else if types.contains(&"string") {
            Shape::Text
        } else if types.contains(&"integer") {
            Shape::Whole(schema)
        } else if types.contains(&"boolean") {
            Shape::Bool
        } else {
            Shape::Any
        };
        (shape, nullable)
    }

    /// The shape in words, e.g. "a list of cautions".
    fn describe(&self, schema: &Value) -> String {
        match self.shape(schema).0 {
            Shape::Map(_, Some(name)) => a(&noun(name)),
            Shape::Map(_, None) | Shape::Any => "a mapping (`key: value` lines)".to_string(),
            Shape::List(items) => match self.shape(items).0 {
                Shape::Map(_, Some(name)) => format!("a list of {}s", noun(name)),
                Shape::Text => "a list of texts".to_string(),
                _ => "a list".to_string(),
            },
            Shape::Text => "a text".to_string(),
            Shape::Whole(whole) if whole["minimum"] == 0 => "a whole number, 0 or more".to_string(),
            Shape::Whole(_) => "a whole number".to_string(),
            Shape::Bool => "`true` or `false`".to_string(),
            Shape::Choice(values) => choices(&values),
        }
    }

    /// How a value of the schema is written, for hints: "`- text: ...`".
    fn example(&self, schema: &Value, key: &str) -> String {
        match self.shape(schema).0 {
            Shape::Map(map, _) => format!("`{}: ...` lines", first_field(map)),
            Shape::List(items) => match self.shape(items).0 {
                Shape::Map(map, _) => format!("`- {}: ...`", first_field(map)),
                _ => "`- ...`".to_string(),
            },
            Shape::Bool => format!("`{key}: true`"),
            Shape::Whole(_) => format!("`{key}: 180`"),
            Shape::Choice(values) => format!("`{key}: {}`", values.first().map_or("...", |v| v.0)),
            Shape::Text | Shape::Any => format!("`{key}: ...`"),
        }
    }

    fn node(&mut self, schema: &Value, node: &Node, field: &Field) {
        let (shape, nullable) = self.shape(schema);
        if matches!(node.value, Yaml::Null) {
            if !nullable && !matches!(shape, Shape::Any) {
                self.empty(schema, node, field);
            }
            return;
        }
        match (shape, &node.value) {
            (Shape::Any, _) => {}
            (Shape::Map(map, name), Yaml::Map(entries)) => {
                self.map(map, name, node, entries, field)
            }
            (Shape::List(items), Yaml::List(list)) => {
                let key = match field {
                    Field::Key(key) | Field::Entry(key) => key,
                    Field::Top(what) => what,
                };
                for item in list {
                    self.node(items, item, &Field::Entry(key));
                }
            }
            (Shape::Text, Yaml::Text(_) | Yaml::Number(_) | Yaml::Bool) => {}
            (Shape::Whole(whole), Yaml::Number(n)) if fits(whole, n) => {}
            (Shape::Bool, Yaml::Bool) => {}
            (Shape::Choice(values), Yaml::Text(text)) if values.iter().any(|v| v.0 == text) => {}
            (Shape::Choice(values), Yaml::Text(text)) => self.choice(&values, node, text, field),
            _ => self.wrong(schema, node, field),
        }
    }

    fn map(
        &mut self,
        schema: &Value,
        name: Option<&str>,
        node: &Node,
        entries: &[(Node, Node)],
        field: &Field,
    ) {
        let properties = schema["properties"].as_object();
        let closed = schema["additionalProperties"] == Value::Bool(false);
        let what = match (field, name) {
            (Field::Top(what), _) => a(what),
            (_, Some(name)) => a(&noun(name)),
            (_, None) => "this mapping".to_string(),
        };
        let mut seen = Vec::new();
        for (key, value) in entries {
            let Yaml::Text(name) = &key.value else {
                continue;
            };
            seen.push(name.as_str());
            match properties.and_then(|p| p.get(name)) {
                Some(property) => self.node(property, value, &Field::Key(name)),
                None if closed => {
                    let known: Vec<String> = properties
                        .map(|p| p.keys().cloned().collect())
                        .unwrap_or_default();
                    self.unknown(key, name, &known, &what);
                }
                None => {}
            }
        }
        for required in schema["required"].as_array().into_iter().flatten() {
            let Some(name) = required.as_str() else {
                continue;
            };
            if !seen.contains(&name) {
                let property = &schema["properties"][name];
                // The field's description, as editors show it, says what to write.
                let about = property["description"].as_str().unwrap_or("");
                let about = about.lines().next().unwrap_or("");
                let hint = if about.is_empty() {
                    format!("add {}", self.example(property, name))
                } else {
                    format!("add {}: {about}", self.example(property, name))
                };
                self.out.push(
                    Diagnostic::new(
                        Rule::MissingField,
                        self.file,
                        node.pos,
                        format!("{what} needs `{name}`, and this one has none"),
                    )
                    .hint(hint),
                );
            }
        }
    }

    fn unknown(&mut self, key: &Node, name: &str, known: &[String], what: &str) {
        let best = did_you_mean(name, known);
        let hint = match best {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the fields of {what} are: {}", known.join(", ")),
        };
        let width = name.chars().count() as u32;
        let mut diagnostic = Diagnostic::new(
            Rule::UnknownField,
            self.file,
            key.pos,
            format!("{what} has no field `{name}`"),
        )
        .width(width)
        .hint(hint);
        if let Some(best) = best {
            diagnostic = diagnostic.fix(best);
        }
        self.out.push(diagnostic);
    }

    fn choice(&mut self, values: &[(&str, &str)], node: &Node, text: &str, field: &Field) {
        let names: Vec<String> = values.iter().map(|v| v.0.to_string()).collect();
        let hint = match did_you_mean(text, &names) {
            Some(best) => format!("did you mean `{best}`?"),
            None => {
                let meanings: Vec<String> = values
                    .iter()
                    .map(|(value, about)| {
                        if about.is_empty() {
                            format!("`{value}`")
                        } else {
                            format!("`{value}` ({about})")
                        }
                    })
                    .collect();
                format!("write one of {}", meanings.join(", "))
            }
        };
        self.out.push(
            Diagnostic::new(
                Rule::InvalidValue,
                self.file,
                node.pos,
                format!(
                    "{} must be {}, not `{text}`",
                    field.subject(),
                    choices(values)
                ),
            )
            .width(node.width)
            .hint(hint),
        );
    }

    fn wrong(&mut self, schema: &Value, node: &Node, field: &Field) {
        let found = match &node.value {
            Yaml::Null => "empty",
            Yaml::Bool => "`true` or `false`",
            Yaml::Number(n) => &format!("`{n}`"),
            Yaml::Text(_) => "a text",
            Yaml::List(_) => "a list",
            Yaml::Map(_) => "a mapping (`key: value` lines)",
        };
        let key = self.key(field);
        let expected = self.describe(schema);
        let hint = match (field, self.shape(schema).0) {
            (Field::Entry(_), Shape::Map(map, _)) => format!(
                "start the entry with its first field, and write the others below it, \
                 indented to match: `- {}: ...`",
                first_field(map)
            ),
            _ => self.write_as(schema, key),
        };
        let width = match node.value {
            Yaml::Text(_) | Yaml::Number(_) | Yaml::Bool => node.width,
            _ => 0,
        };
        self.out.push(
            Diagnostic::new(
                Rule::InvalidType,
                self.file,
                node.pos,
                format!("{} is {expected}, not {found}", field.subject()),
            )
            .width(width)
            .hint(hint),
        );
    }

    fn empty(&mut self, schema: &Value, node: &Node, field: &Field) {
        let key = self.key(field);
        let expected = self.describe(schema);
        let mut hint = self.write_as(schema, key);
        if schema.get("default").is_some() {
            hint.push_str(&format!(
                "; or remove `{key}:` if there is nothing to write"
            ));
        }
        self.out.push(
            Diagnostic::new(
                Rule::InvalidType,
                self.file,
                node.pos,
                format!("{} is empty, but it must be {expected}", field.subject()),
            )
            .hint(hint),
        );
    }

    /// The key a field's value is written under, for examples.
    fn key<'f>(&self, field: &Field<'f>) -> &'f str {
        match field {
            Field::Key(key) | Field::Entry(key) => key,
            Field::Top(what) => what,
        }
    }

    /// How to write a value of `schema` under `key`, as a hint.
    fn write_as(&self, schema: &Value, key: &str) -> String {
        match self.shape(schema).0 {
            Shape::List(items) => {
                let one = match self.shape(items).0 {
                    Shape::Map(_, Some(name)) => noun(name),
                    _ => "item".to_string(),
                };
                format!(
                    "write each {one} on its own line under `{key}:`, indented, starting with `- `: {}",
                    self.example(schema, key)
                )
            }
            Shape::Map(..) => format!(
                "write its fields on their own lines, indented under it: {}",
                self.example(schema, key)
            ),
            Shape::Text => format!(
                "write the text after the colon: `{key}: ...`; quote it (\"...\") if it starts with a symbol"
            ),
            _ => format!("write it as {}", self.example(schema, key)),
        }
    }
}

/// "ChecklistGroup" as words: "checklist group".
fn noun(name: &str) -> String {
    let mut words = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    words
}

/// The word with its article: "a step", "an inner".
fn a(word: &str) -> String {
    let vowel = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {word}", if vowel { "an" } else { "a" })
}

/// The field a map of `schema` is usually started with: its first required one.
fn first_field(schema: &Value) -> &str {
    let required = schema["required"]
        .as_array()
        .and_then(|r| r.first())
        .or_else(|| schema["oneOf"][0]["required"].as_array()?.first())
        .and_then(Value::as_str);
    required
        .or_else(|| {
            schema["properties"]
                .as_object()?
                .keys()
                .next()
                .map(String::as_str)
        })
        .unwrap_or("key")
}

/// "`a`", "`a` or `b`", "one of `a`, `b` or `c`".
fn choices(values: &[(&str, &str)]) -> String {
    let names: Vec<String> = values.iter().map(|v| format!("`{}`", v.0)).collect();
    match names.split_last() {
        Some((last, rest)) if rest.len() > 1 => format!("one of {} or {last}", rest.join(", ")),
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// Whether the number `n` is a whole number within the schema's bounds.
fn fits(schema: &Value, n: &str) -> bool {
    let Ok(n) = n.parse::<i64>() else {
        return false;
    };
    let above = schema["minimum"].as_i64().is_none_or(|min| n >= min);
    let below = schema["format"] != "uint32" || u32::try_from(n).is_ok();
    above && below
}
