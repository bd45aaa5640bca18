//! Request bodies as sent, read into the domain's forms.
//!
//! Every field of a request body is a [`Field`]: absent, `null`, or some JSON
//! value, whatever its type. The [`Reader`] checks the JSON type of each
//! field as it copies it into a domain form (whose fields are text), so that
//! a string where a number belongs is reported with the field's name, like
//! every rule the form's `parse` then applies. API, CSV and browser share
//! those rules and their field names.

use app::domain::{FieldError, FieldErrors, Problem};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// One field of a request body.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Field {
    /// Not in the body: a change leaves the value as it is.
    #[default]
    Absent,
    /// `null`: no value (a change clears it).
    Null,
    /// Any other JSON value, checked when read.
    Given(Value),
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::Null => Field::Null,
            value => Field::Given(value),
        })
    }
}

/// Fields of a body that the request does not know; each is refused by name.
pub type Unknown = Map<String, Value>;

/// Copies fields into a form, collecting the errors of their JSON types.
#[derive(Default)]
pub struct Reader {
    errors: FieldErrors,
}

impl Reader {
    /// A string (dates are strings too, `YYYY-MM-DD`); `null` is empty.
    pub fn text(&mut self, target: &mut String, name: &str, field: &Field) {
        match field {
            Field::Absent => {}
            Field::Null => target.clear(),
            Field::Given(Value::String(text)) => text.clone_into(target),
            Field::Given(other) => self.wrong_type(name, other, "a string"),
        }
    }

    /// A date, `YYYY-MM-DD` (parsed by the form); `null` is empty, as for
    /// text, but an empty string is not a date: the form would read it as
    /// "not given", which a client sending `""` did not mean.
    pub fn date(&mut self, target: &mut String, name: &str, field: &Field) {
        match field {
            Field::Given(Value::String(text)) if text.trim().is_empty() => {
                self.errors.push(FieldError::new(
                    name,
                    Problem::Malformed {
                        value: text.clone(),
                        expected: "a date (YYYY-MM-DD), or null".into(),
                    },
                ));
            }
            _ => self.text(target, name, field),
        }
    }

    /// A JSON number, kept as its decimal text for the form to parse
    /// (a percentage, an amount in dollars, an id…); `null` is empty.
    pub fn number(&mut self, target: &mut String, name: &str, field: &Field) {
        match field {
            Field::Absent => {}
            Field::Null => target.clear(),
            Field::Given(Value::Number(number)) => *target = number.to_string(),
            Field::Given(other) => self.wrong_type(name, other, "a number"),
        }
    }

    /// `true` or `false`; `null` is false.
    pub fn flag(&mut self, target: &mut String, name: &str, field: &Field) {
        match field {
            Field::Absent => {}
            Field::Null => target.clear(),
            Field::Given(Value::Bool(flag)) => *target = flag.to_string(),
            Field::Given(other) => self.wrong_type(name, other, "true or false"),
        }
    }

    /// An array of codes, joined as the form expects them; `null` is empty.
    pub fn codes(&mut self, target: &mut String, name: &str, field: &Field) {
        match field {
            Field::Absent => {}
            Field::Null => target.clear(),
            Field::Given(Value::Array(items)) => {
                let mut codes = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        // A code never holds a separator: refuse "a,b" rather than split it.
                        Value::String(code) if !code.contains([',', ' ']) => {
                            codes.push(code.trim())
                        }
                        other => self.wrong_type(name, other, "a code"),
                    }
                }
                *target = codes.join(",");
            }
            Field::Given(other) => self.wrong_type(name, other, "an array of codes"),
        }
    }

    /// A boolean outside any form (`archived`); `None` when absent.
    pub fn bool(&mut self, name: &str, field: &Field) -> Option<bool> {
        match field {
            Field::Given(Value::Bool(flag)) => Some(*flag),
            Field::Absent => None,
            Field::Null => {
                self.errors.push(FieldError::new(name, Problem::Required));
                None
            }
            Field::Given(other) => {
                self.wrong_type(name, other, "true or false");
                None
            }
        }
    }

    /// Refuses every field the request does not know.
    pub fn unknown(&mut self, fields: &Unknown) {
        for name in fields.keys() {
            self.errors.push(FieldError::new(
                name.as_str(),
                Problem::Unknown {
                    value: name.clone(),
                    expected: vec![],
                },
            ));
        }
    }

    fn wrong_type(&mut self, name: &str, value: &Value, expected: &str) {
        let value = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        self.errors.push(FieldError::new(
            name,
            Problem::Malformed {
                value,
                expected: expected.into(),
            },
        ));
    }

    /// Parses the filled form with `parse`; the errors of the JSON types come
    /// first, and a field already at fault is not blamed twice.
    pub fn finish<T>(
        self,
        parse: impl FnOnce() -> Result<T, FieldErrors>,
    ) -> Result<T, FieldErrors> {
        let mut errors = self.errors;
        match parse() {
            Ok(value) if errors.is_empty() => Ok(value),
            Ok(_) => Err(errors),
            Err(more) => {
                for error in more.0 {
                    if errors.get(&error.field).is_none() {
                        errors.push(error);
                    }
                }
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(json: &str) -> Field {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn null_and_values_are_told_apart_from_absence() {
        assert_eq!(field("null"), Field::Null);
        assert_eq!(field("3"), Field::Given(Value::from(3)));
        assert_eq!(Field::default(), Field::Absent);
    }

    #[test]
    fn each_kind_of_field_checks_its_json_type_and_names_the_field() {
        let mut reader = Reader::default();
        let mut target = "kept".to_owned();
        reader.text(&mut target, "title_fr", &Field::Absent);
        assert_eq!(target, "kept");
        reader.number(&mut target, "percent_complete", &field("40"));
        assert_eq!(target, "40");
        reader.number(&mut target, "percent_complete", &field(r#""40""#));
        reader.text(&mut target, "as_of", &field("20171031"));
        reader.codes(&mut target, "themes", &field(r#"["cloud", "a,b"]"#));
        reader.flag(&mut target, "priority", &field("1"));
        let errors = reader.finish(|| Ok(())).unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["percent_complete", "as_of", "themes", "priority"]);
        assert_eq!(
            errors.0[0].to_string(),
            r#"percent_complete: "40" is not a number"#
        );
    }

    #[test]
    fn a_date_given_empty_is_refused_and_null_is_not_given() {
        let mut reader = Reader::default();
        let mut target = "2019-06-30".to_owned();
        reader.date(&mut target, "decided_on", &field("null"));
        assert_eq!(target, "");
        reader.date(&mut target, "decided_on", &field(r#""2019-07-01""#));
        assert_eq!(target, "2019-07-01");
        reader.date(&mut target, "decided_on", &field(r#""  ""#));
        assert_eq!(target, "2019-07-01", "an empty date changes nothing");
        let errors = reader.finish(|| Ok(())).unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.0[0].field, "decided_on");
    }

    #[test]
    fn a_field_at_fault_is_blamed_once() {
        let mut reader = Reader::default();
        let mut title = String::new();
        reader.text(&mut title, "title_fr", &field("7"));
        let errors = reader
            .finish::<()>(|| {
                Err(FieldErrors(vec![
                    FieldError::new("title_fr", Problem::Required),
                    FieldError::new("code", Problem::Required),
                ]))
            })
            .unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title_fr", "code"]);
    }
}
