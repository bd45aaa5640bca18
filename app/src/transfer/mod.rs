//! CSV import and export of status updates and initiatives (server only).
//!
//! One column set per kind of file, the same for both directions: an export
//! imports back unchanged, and a person edits an export to import a batch.
//! The column sets, formats and rules are documented for users in
//! `docs/csv.md`; keep the two in step.
//!
//! - [`export_status_updates`], [`export_initiatives`]: the stored data as CSV,
//!   every cell neutralised against spreadsheet formula injection (by
//!   [`CsvWriter`], which the open data's CSV uses too);
//! - [`import`]: a file read, checked row by row, and applied in ONE
//!   transaction through the store's writes (so every change is audited):
//!   all or nothing, or a dry run that applies and always rolls back.
//!
//! This module never writes SQL: it goes through [`crate::store`].

pub mod background;
mod export;
mod import;

pub use export::{export_initiatives, export_status_updates, CsvWriter};
pub use import::{import, ImportOptions, MAX_BYTES, MAX_ROWS};

use crate::domain::transfer::FileKind;
use crate::domain::{Code, InitiativeId, Money};
use crate::store::StoreError;
use std::borrow::Cow;
use std::collections::HashMap;

/// The columns of a status updates file, in the order the export writes them.
///
/// `id` is empty for a new update; an exported row keeps its id and imports
/// back as unchanged. The initiative is named by `initiative_id`, by
/// `initiative_code` (the codes from its root joined by `/`), or by both,
/// which must then agree.
pub const STATUS_UPDATE_COLUMNS: &[&str] = &[
    "id",
    "initiative_id",
    "initiative_code",
    "as_of",
    "status",
    "health",
    "schedule_health",
    "cost_health",
    "scope_health",
    "percent_complete",
    "approved_budget",
    "spent_to_date",
    "forecast_at_completion",
    "accomplishments_fr",
    "accomplishments_en",
    "next_steps_fr",
    "next_steps_en",
    "issues_fr",
    "issues_en",
    "internal_note",
    "supersedes",
];

/// The columns of an initiatives file, in the order the export writes them.
///
/// An empty `id` creates an initiative; a given `id` changes it, if it is
/// still at `version`. The parent is named by `parent_id`, `parent_code` (a
/// code path, which may name an initiative created by an earlier row) or
/// both, which must then agree; neither makes a root.
pub const INITIATIVE_COLUMNS: &[&str] = &[
    "id",
    "version",
    "parent_id",
    "parent_code",
    "kind",
    "code",
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "organisation_id",
    "contact_id",
    "start_date",
    "target_date",
    "weight",
    "themes",
    "visibility",
    "priority",
];

/// The columns of a kind of file.
pub fn columns(kind: FileKind) -> &'static [&'static str] {
    match kind {
        FileKind::StatusUpdates => STATUS_UPDATE_COLUMNS,
        FileKind::Initiatives => INITIATIVE_COLUMNS,
    }
}

/// What can stop an import or an export as a whole. Problems of the file's
/// content are not errors: they are in the [`ImportReport`](crate::domain::transfer::ImportReport).
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("the file is {size} bytes; an import takes at most {max} bytes: split it")]
    TooLarge { size: usize, max: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot read or write the CSV")]
    Csv(#[from] csv::Error),
}

/// What makes a spreadsheet read a cell as a formula (OWASP's list).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// The quote that makes a spreadsheet show a cell as text.
const TEXT_MARK: char = '\'';

/// Whether an export prefixes a cell with [`TEXT_MARK`]: when it starts with
/// a formula character, or with the mark itself (so that the import, which
/// takes one mark off such cells, gives back exactly what was exported).
fn needs_mark(cell: &str) -> bool {
    cell.starts_with(FORMULA_STARTS) || cell.starts_with(TEXT_MARK)
}

/// A cell as the export writes it: `=SUM(A1)` becomes `'=SUM(A1)`.
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    if needs_mark(cell) {
        Cow::Owned(format!("{TEXT_MARK}{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell as the import reads it: the inverse of [`neutralise`]. A mark
/// followed by anything else is the person's own and stays.
fn restore(cell: &str) -> &str {
    match cell.strip_prefix(TEXT_MARK) {
        Some(rest) if needs_mark(rest) => rest,
        _ => cell,
    }
}

/// An amount as the export writes it: dollars with two decimals, no
/// separator (`1234.50`), which [`Money::parse`] reads back.
fn money(amount: Money) -> String {
    format!("{}.{:02}", amount.cents() / 100, amount.cents() % 100)
}

/// The separator of the codes of an initiative's path.
const PATH_SEPARATOR: char = '/';

/// Where each initiative sits, to name it by the path of codes from its
/// root (`SGTI-2015/A1/M-01`) and find it by that path. Codes are unique
/// among siblings, so a path names one initiative at most.
#[derive(Default)]
struct Tree {
    places: HashMap<InitiativeId, (Option<InitiativeId>, Code)>,
    children: HashMap<(Option<InitiativeId>, Code), InitiativeId>,
}

impl Tree {
    fn new(places: impl IntoIterator<Item = (InitiativeId, Option<InitiativeId>, Code)>) -> Self {
        let mut tree = Tree::default();
        for (id, parent, code) in places {
            tree.place(id, parent, code);
        }
        tree
    }

    /// Records where `id` now is (it may have moved or changed its code).
    fn place(&mut self, id: InitiativeId, parent: Option<InitiativeId>, code: Code) {
        if let Some(old) = self.places.insert(id, (parent, code.clone())) {
            self.children.remove(&old);
        }
        self.children.insert((parent, code), id);
    }

    /// The path of `id`, or its number when it is unknown.
    fn path(&self, id: InitiativeId) -> String {
        let mut codes = Vec::new();
        let mut next = Some(id);
        // Bounded by the number of initiatives, in case of a loop.
        while let Some(current) = next.filter(|_| codes.len() <= self.places.len()) {
            match self.places.get(&current) {
                Some((parent, code)) => {
                    codes.push(code.as_str());
                    next = *parent;
                }
                None => return id.to_string(),
            }
        }
        codes.reverse();
        codes.join(&PATH_SEPARATOR.to_string())
    }

    /// The initiative at `path`, if there is one.
    fn find(&self, path: &str) -> Option<InitiativeId> {
        path.split(PATH_SEPARATOR).try_fold(None, |parent, code| {
            let code = Code::parse("code", code).ok()?;
            self.children.get(&(parent, code)).copied().map(Some)
        })?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_marked_and_marks_come_off_on_import() {
        for cell in ["=SUM(A1:A9)", "+1", "-5", "@cmd", "\tx", "'", "'=x", "''a"] {
            let exported = neutralise(cell);
            assert!(exported.starts_with('\''), "{cell:?} left as {exported:?}");
            assert_eq!(restore(&exported), cell);
        }
        for cell in ["", "plain", "2019-10-10", "1234.50", "l'État", "a=b"] {
            assert_eq!(neutralise(cell), cell);
            assert_eq!(restore(cell), cell);
        }
        // A person's own leading quote stays.
        assert_eq!(restore("'quoted"), "'quoted");
    }

    #[test]
    fn money_is_written_as_money_reads_it() {
        for cents in [0, 5, 150, 123_450, 15_000_000_000] {
            let text = money(Money(cents));
            assert_eq!(Money::parse("approved_budget", &text), Ok(Money(cents)));
        }
        assert_eq!(money(Money(123_405)), "1234.05");
    }

    #[test]
    fn paths_name_initiatives_from_their_root() {
        let code = |c| Code::parse("code", c).unwrap();
        let (s, a, m, other) = (
            InitiativeId(1),
            InitiativeId(2),
            InitiativeId(3),
            InitiativeId(4),
        );
        let mut tree = Tree::new([
            (s, None, code("SGTI")),
            (a, Some(s), code("A1")),
            (m, Some(a), code("M-01")),
            (other, None, code("A1")),
        ]);
        assert_eq!(tree.path(m), "SGTI/A1/M-01");
        assert_eq!(tree.find("SGTI/A1/M-01"), Some(m));
        assert_eq!(tree.find("A1"), Some(other));
        assert_eq!(tree.find("SGTI/M-01"), None);
        assert_eq!(tree.find("SGTI//A1"), None);
        tree.place(m, Some(s), code("M-02"));
        assert_eq!(tree.path(m), "SGTI/M-02");
        assert_eq!(tree.find("SGTI/A1/M-01"), None);
    }
}
