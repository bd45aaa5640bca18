//! What a CSV import found and did: the report a page shows and the command
//! line prints. The import itself runs on the server only
//! (`crate::transfer`); these types cross to the browser, so they hold
//! codes and values, never sentences: the page words them in its language,
//! [`std::fmt::Display`] in English for the command line.

use super::error::Problem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a CSV file holds, told by its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    StatusUpdates,
    Initiatives,
}

impl FileKind {
    /// The stable code (`status_updates`, `initiatives`).
    pub const fn as_str(self) -> &'static str {
        match self {
            FileKind::StatusUpdates => "status_updates",
            FileKind::Initiatives => "initiatives",
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::StatusUpdates => "status updates",
            FileKind::Initiatives => "initiatives",
        })
    }
}

/// What is wrong with a line of a CSV file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum LineProblem {
    /// A value its column's rules refuse (the same problems a form reports).
    Value(Problem),
    /// The file has no header line.
    Empty,
    /// The header is neither that of status updates nor that of initiatives.
    UnknownHeader,
    /// The header lacks one of the columns.
    MissingColumn,
    /// The header names a column that the file's kind does not have.
    UnknownColumn,
    /// The header names a column twice.
    DuplicateColumn,
    /// A row with more or fewer fields than the header.
    WrongFieldCount { expected: usize, found: usize },
    /// Bytes that are not UTF-8 text.
    NotUtf8,
    /// More rows than one import takes; the rest of the file was not read.
    TooManyRows { max: usize },
    /// The id column and the code column name different initiatives.
    Disagree { id_column: String, id: i64 },
    /// Someone changed the record since the version the row was based on.
    Conflict { current_version: i64 },
    /// A recorded status update differs from its row: history is never
    /// overwritten, a correction is a new row that supersedes it.
    RecordedUpdateChanged,
}

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineProblem::Value(problem) => problem.fmt(f),
            LineProblem::Empty => write!(f, "the file is empty (a header line is required)"),
            LineProblem::UnknownHeader => write!(
                f,
                "the header is neither that of status updates nor that of initiatives"
            ),
            LineProblem::MissingColumn => write!(f, "this column is missing from the header"),
            LineProblem::UnknownColumn => write!(f, "unknown column"),
            LineProblem::DuplicateColumn => write!(f, "this column appears twice"),
            LineProblem::WrongFieldCount { expected, found } => write!(
                f,
                "{found} field(s) where the header has {expected} (a quote may be missing)"
            ),
            LineProblem::NotUtf8 => write!(f, "not UTF-8 text (save the file as UTF-8)"),
            LineProblem::TooManyRows { max } => {
                write!(f, "more than {max} rows: split the file")
            }
            LineProblem::Disagree { id_column, id } => {
                write!(f, "names another initiative than {id_column} ({id})")
            }
            LineProblem::Conflict { current_version } => write!(
                f,
                "changed by someone else since this version (now at version {current_version}): \
                 export again and redo the change"
            ),
            LineProblem::RecordedUpdateChanged => write!(
                f,
                "differs from the recorded status update, which cannot be changed: \
                 add a row without an id that supersedes it"
            ),
        }
    }
}

/// One problem of an import, where it is in the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineError {
    /// The physical line where the row starts (the header is line 1); a
    /// row whose narrative spans several lines is named by its first.
    pub line: u64,
    /// The column at fault, when the problem is one value's or the header's.
    pub column: Option<String>,
    pub problem: LineProblem,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column {column}: {}", self.line, self.problem),
            None => write!(f, "line {}: {}", self.line, self.problem),
        }
    }
}

/// A record that a row of the file created or changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowChange {
    pub line: u64,
    /// The record's id; in a dry run or a refused import, the id it would
    /// have had (nothing was stored).
    pub id: i64,
    /// The initiative concerned, as the codes from its root joined by `/`.
    pub initiative: String,
    /// A status update's date; `None` for an initiative.
    pub as_of: Option<NaiveDate>,
}

/// What an import did, or in a dry run would do. Unless
/// [`ImportReport::committed`], nothing was stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// `None` when the header told neither kind.
    pub kind: Option<FileKind>,
    pub dry_run: bool,
    /// Rows read, blank ones aside.
    pub rows: usize,
    pub created: Vec<RowChange>,
    pub updated: Vec<RowChange>,
    /// Rows identical to what is stored (as when an export is imported back).
    pub unchanged: usize,
    /// Every problem found, in line order; one is enough to store nothing.
    pub errors: Vec<LineError>,
}

impl ImportReport {
    /// Whether the changes were stored: a real import without any error.
    pub fn committed(&self) -> bool {
        !self.dry_run && self.errors.is_empty()
    }
}

impl fmt::Display for ImportReport {
    /// One line: what was (or would be) done, and how many problems.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind.map_or("rows".to_owned(), |k| k.to_string());
        let verb = if self.committed() {
            "imported"
        } else {
            "would import"
        };
        write!(
            f,
            "{} {kind}: {verb} {} created, {} updated, {} unchanged",
            self.rows,
            self.created.len(),
            self.updated.len(),
            self.unchanged
        )?;
        match (self.errors.len(), self.dry_run) {
            (0, true) => write!(f, " (dry run: nothing stored)"),
            (0, false) => Ok(()),
            (n, _) => write!(f, "; {n} error(s): nothing stored"),
        }
    }
}

/// Where an uploaded file stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchState {
    /// The dry run is going through the file.
    Checking,
    /// Checked: the report says what an import would do, or what is wrong.
    Checked,
    /// The import is being applied, in one transaction.
    Importing,
    /// Imported: everything the report lists is stored.
    Imported,
    /// The import stopped (the data changed since the check, or the task was
    /// interrupted): nothing was stored.
    Failed,
}

impl BatchState {
    pub const fn as_str(self) -> &'static str {
        match self {
            BatchState::Checking => "checking",
            BatchState::Checked => "checked",
            BatchState::Importing => "importing",
            BatchState::Imported => "imported",
            BatchState::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            BatchState::Checking,
            BatchState::Checked,
            BatchState::Importing,
            BatchState::Imported,
            BatchState::Failed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// A background task is (or should be) working on it.
    pub fn running(self) -> bool {
        matches!(self, BatchState::Checking | BatchState::Importing)
    }
}

/// An uploaded file: its check, its import, and how far each has got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportBatch {
    pub id: i64,
    pub account: String,
    pub file_name: String,
    pub state: BatchState,
    /// Rows done and rows in all, while checking or importing.
    pub rows_done: i64,
    pub rows_total: i64,
    /// Running, but silent for too long: its task was interrupted, and its
    /// transaction (so the import) did not happen.
    pub stalled: bool,
    /// The dry run's report, once checked.
    pub report: Option<ImportReport>,
    /// The import's report, once imported (or refused at import time).
    pub applied: Option<ImportReport>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_error_names_its_line_and_column() {
        let error = LineError {
            line: 7,
            column: Some("percent_complete".into()),
            problem: LineProblem::Value(Problem::OutOfRange {
                value: "140".into(),
                min: "0".into(),
                max: "100".into(),
            }),
        };
        assert_eq!(
            error.to_string(),
            "line 7, column percent_complete: 140 is out of range (0 to 100)"
        );
        let ragged = LineError {
            line: 3,
            column: None,
            problem: LineProblem::WrongFieldCount {
                expected: 21,
                found: 20,
            },
        };
        assert!(ragged.to_string().starts_with("line 3: 20 field(s)"));
    }

    #[test]
    fn the_report_travels_as_json() {
        let report = ImportReport {
            kind: Some(FileKind::StatusUpdates),
            dry_run: true,
            rows: 1,
            created: vec![],
            updated: vec![],
            unchanged: 1,
            errors: vec![LineError {
                line: 2,
                column: Some("status".into()),
                problem: LineProblem::Value(Problem::Required),
            }],
        };
        let json = serde_json::to_string(&report).unwrap();
        assert!(json.contains(r#""problem":{"kind":"value","detail":{"kind":"required"}}"#));
        assert_eq!(serde_json::from_str::<ImportReport>(&json).unwrap(), report);
        assert_eq!(
            report.to_string(),
            "1 status updates: would import 0 created, 0 updated, 1 unchanged; 1 error(s): nothing stored"
        );
    }
}
