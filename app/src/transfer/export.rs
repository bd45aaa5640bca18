//! The stored data as CSV, in the column sets the import reads.

use super::{money, neutralise, TransferError, Tree, INITIATIVE_COLUMNS, STATUS_UPDATE_COLUMNS};
use crate::domain::*;
use crate::store::read::{self, Scope};
use crate::store::Db;
use std::collections::HashMap;

/// Every status update of the initiatives in `scope` (corrections and
/// corrected alike, internal notes included: the file is for editors), by
/// initiative and date, as UTF-8 CSV with a header line.
pub async fn export_status_updates(db: &Db, scope: Scope) -> Result<Vec<u8>, TransferError> {
    let tree = Tree::new(
        read::initiatives(db, Scope::Portfolio)
            .await?
            .into_iter()
            .map(|i| (i.id, i.parent_id, i.code)),
    );
    let updates = read::status_updates(db, scope).await?;
    let mut out = CsvWriter::new(STATUS_UPDATE_COLUMNS)?;
    for u in &updates {
        let optional_health = |h: Option<Health>| h.map_or("", Health::as_str);
        let n = &u.narrative;
        out.row(&[
            &u.id.to_string(),
            &u.initiative_id.to_string(),
            &tree.path(u.initiative_id),
            &u.as_of.to_string(),
            u.status.as_str(),
            u.health.overall.as_str(),
            optional_health(u.health.schedule),
            optional_health(u.health.cost),
            optional_health(u.health.scope),
            &u.percent_complete
                .map(|p| p.get().to_string())
                .unwrap_or_default(),
            &u.budget.approved.map(money).unwrap_or_default(),
            &u.budget.spent_to_date.map(money).unwrap_or_default(),
            &u.budget
                .forecast_at_completion
                .map(money)
                .unwrap_or_default(),
            &n.accomplishments.fr,
            &n.accomplishments.en,
            &n.next_steps.fr,
            &n.next_steps.en,
            &n.issues.fr,
            &n.issues.en,
            u.internal_note.as_deref().unwrap_or_default(),
            &u.supersedes.map(|s| s.to_string()).unwrap_or_default(),
        ])?;
    }
    out.finish()
}

/// Every initiative in `scope`, archived ones included, each after its
/// parent (so the file imports into an empty database by `parent_code`),
/// as UTF-8 CSV with a header line.
pub async fn export_initiatives(db: &Db, scope: Scope) -> Result<Vec<u8>, TransferError> {
    let all = read::initiatives(db, Scope::Portfolio).await?;
    let tree = Tree::new(all.iter().map(|i| (i.id, i.parent_id, i.code.clone())));
    let in_scope = read::initiatives(db, scope).await?;
    let mut out = CsvWriter::new(INITIATIVE_COLUMNS)?;
    for i in parents_first(&in_scope) {
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let themes: Vec<&str> = i.themes.iter().map(Code::as_str).collect();
        out.row(&[
            &i.id.to_string(),
            &i.version.to_string(),
            &i.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            &i.parent_id.map(|p| tree.path(p)).unwrap_or_default(),
            i.kind.as_str(),
            i.code.as_str(),
            &i.title.fr,
            &i.title.en,
            &i.description.fr,
            &i.description.en,
            &i.organisation_id.map(|o| o.to_string()).unwrap_or_default(),
            &i.contact_id.map(|c| c.to_string()).unwrap_or_default(),
            &date(i.dates.start()),
            &date(i.dates.end()),
            &i.weight.get().to_string(),
            &themes.join(" "),
            i.visibility.as_str(),
            if i.priority { "true" } else { "false" },
        ])?;
    }
    out.finish()
}

/// `initiatives` ordered depth first: each after its parent, siblings by id.
/// Those whose parent is outside the list start the walk.
fn parents_first(initiatives: &[Initiative]) -> Vec<&Initiative> {
    let by_id: HashMap<InitiativeId, &Initiative> = initiatives.iter().map(|i| (i.id, i)).collect();
    let mut children: HashMap<Option<InitiativeId>, Vec<&Initiative>> = HashMap::new();
    for i in initiatives {
        let parent = i.parent_id.filter(|p| by_id.contains_key(p));
        children.entry(parent).or_default().push(i);
    }
    let mut ordered = Vec::with_capacity(initiatives.len());
    // A stack of the ones still to visit, the next on top.
    let mut stack: Vec<&Initiative> = children.remove(&None).unwrap_or_default();
    stack.reverse();
    while let Some(next) = stack.pop() {
        ordered.push(next);
        if let Some(mut below) = children.remove(&Some(next.id)) {
            below.reverse();
            stack.extend(below);
        }
    }
    ordered
}

/// A CSV writer into memory, with a header line, that neutralises every
/// cell against spreadsheet formula injection: the export's, and the open
/// data's.
pub struct CsvWriter(csv::Writer<Vec<u8>>);

impl CsvWriter {
    /// A file that starts with the `header` line.
    pub fn new(header: &[&str]) -> Result<Self, TransferError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(header)?;
        Ok(CsvWriter(writer))
    }

    /// Adds one line of `cells`, each neutralised.
    pub fn row(&mut self, cells: &[&str]) -> Result<(), TransferError> {
        self.0
            .write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
        Ok(())
    }

    /// The file's bytes (UTF-8).
    pub fn finish(self) -> Result<Vec<u8>, TransferError> {
        self.0
            .into_inner()
            .map_err(|e| TransferError::Csv(e.into_error().into()))
    }
}
