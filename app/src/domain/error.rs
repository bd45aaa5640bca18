//! Parse errors: which field, and what is wrong with it.
//!
//! The message is a code, not a sentence, so that the page can say it in the
//! reader's language; [`std::fmt::Display`] gives the English text for logs
//! and the command line.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// Nothing was given where a value is required.
    Required,
    /// Not one of the known values.
    Unknown {
        value: String,
        expected: Vec<String>,
    },
    /// Not a number, a date… of the expected form.
    Malformed { value: String, expected: String },
    /// A number outside its bounds.
    OutOfRange {
        value: String,
        min: String,
        max: String,
    },
    /// Longer than allowed.
    TooLong { max: usize },
    /// Shorter than required.
    TooShort { min: usize },
    /// A character that is not allowed.
    InvalidCharacter { character: char },
    /// An end that comes before its start.
    EndsBeforeStart { start: String, end: String },
    /// Another record already uses the value where it must be unique.
    Duplicate { value: String },
    /// A parent that would make the tree loop, or of a kind that cannot hold this one.
    InvalidParent { reason: String },
    /// A narrative is required for this health (at risk, off track).
    ExplanationRequired,
}

/// A value that failed to parse, with the name of its field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        FieldError {
            field: field.into(),
            problem,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Required => write!(f, "a value is required"),
            Problem::Unknown { value, expected } if expected.is_empty() => {
                write!(f, "{value:?} does not exist")
            }
            Problem::Unknown { value, expected } => {
                write!(
                    f,
                    "unknown value {value:?} (expected one of: {})",
                    expected.join(", ")
                )
            }
            Problem::Malformed { value, expected } => write!(f, "{value:?} is not {expected}"),
            Problem::OutOfRange { value, min, max } => {
                write!(f, "{value} is out of range ({min} to {max})")
            }
            Problem::TooLong { max } => write!(f, "longer than {max} characters"),
            Problem::TooShort { min } => write!(f, "shorter than {min} characters"),
            Problem::InvalidCharacter { character } => {
                write!(f, "the character {character:?} is not allowed")
            }
            Problem::EndsBeforeStart { start, end } => {
                write!(f, "ends ({end}) before it starts ({start})")
            }
            Problem::Duplicate { value } => write!(f, "{value:?} is already used"),
            Problem::InvalidParent { reason } => write!(f, "invalid parent: {reason}"),
            Problem::ExplanationRequired => {
                write!(
                    f,
                    "an explanation is required when health is at risk or off track"
                )
            }
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for FieldError {}

/// Every problem found in one input, so a form can show them all at once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Keeps the value, or records its error and gives `None`.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The error about `field`, if any.
    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// `Ok(value)` when nothing was recorded.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl From<FieldError> for FieldErrors {
    fn from(error: FieldError) -> Self {
        FieldErrors(vec![error])
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}
