//! Every change to the stored data. Each function works inside the caller's
//! transaction, so a batch (an import, the demo) commits or rolls back as a
//! whole, and each writes its audit row and bumps the data version in that
//! same transaction. History tables are only ever appended to.

use super::bulk::{self, Value};
use super::rows::*;
use super::{Actor, Backend, StoreError, Tx};
use crate::domain::*;
use chrono::{NaiveDate, SubsecRound, Utc};
use serde::Serialize;
use sqlx::QueryBuilder;
use std::collections::{HashMap, HashSet};

/// Appends the audit row of a change and bumps the data version.
pub async fn record_change<B: Serialize, A: Serialize>(
    tx: &mut Tx,
    actor: Actor<'_>,
    action: &str,
    entity: &str,
    entity_id: i64,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), StoreError> {
    let json = |v: serde_json::Result<String>| v.map_err(|e| StoreError::Corrupt(e.to_string()));
    let before = before.map(|v| json(serde_json::to_string(v))).transpose()?;
    let after = after.map(|v| json(serde_json::to_string(v))).transpose()?;
    const AUDIT: &str =
        "insert into audit_log (at, actor, via, action, entity, entity_id, before_json, after_json) \
                         values ($1, $2, $3, $4, $5, $6, $7, $8)";
    const BUMP: &str = "update data_version set version = version + 1 where id = 1";
    on_tx!(tx, c => {
        sqlx::query(AUDIT)
            .bind(Utc::now())
            .bind(actor.who)
            .bind(actor.via.as_str())
            .bind(action)
            .bind(entity)
            .bind(entity_id)
            .bind(before)
            .bind(after)
            .execute(&mut *c)
            .await.map(|r| r.rows_affected())?;
        sqlx::query(BUMP).execute(&mut *c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

fn invalid(field: &str, problem: Problem) -> StoreError {
    StoreError::Invalid(FieldError::new(field, problem).into())
}

/// A public body.
pub async fn create_organisation(
    tx: &mut Tx,
    actor: Actor<'_>,
    code: &Code,
    name: &Bilingual,
) -> Result<Organisation, StoreError> {
    const EXISTS: &str = "select count(*) from organisation where code = $1";
    let taken: i64 =
        on_tx!(tx, c => sqlx::query_scalar(EXISTS).bind(code.as_str()).fetch_one(c).await)?;
    if taken > 0 {
        return Err(invalid(
            "code",
            Problem::Duplicate {
                value: code.to_string(),
            },
        ));
    }
    const SQL: &str =
        "insert into organisation (code, name_fr, name_en) values ($1, $2, $3) returning id";
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(SQL).bind(code.as_str()).bind(&name.fr).bind(&name.en).fetch_one(c).await)?;
    let organisation = Organisation {
        id: OrganisationId(id),
        code: code.clone(),
        name: name.clone(),
    };
    record_change(
        tx,
        actor,
        "create",
        "organisation",
        id,
        None::<&()>,
        Some(&organisation),
    )
    .await?;
    Ok(organisation)
}

/// A person responsible for initiatives.
pub async fn create_contact(
    tx: &mut Tx,
    actor: Actor<'_>,
    organisation_id: Option<OrganisationId>,
    name: &str,
    role: &Bilingual,
    email: Option<&str>,
) -> Result<Contact, StoreError> {
    let name = required_text("name", name, 200)?;
    if let Some(org) = organisation_id {
        ensure_exists(tx, "organisation", "organisation_id", org.0).await?;
    }
    const SQL: &str = "insert into contact (organisation_id, name, role_fr, role_en, email) values ($1, $2, $3, $4, $5) returning id";
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(SQL)
        .bind(organisation_id.map(|o| o.0))
        .bind(&name)
        .bind(&role.fr)
        .bind(&role.en)
        .bind(email)
        .fetch_one(c)
        .await)?;
    let contact = Contact {
        id: ContactId(id),
        organisation_id,
        name,
        role: role.clone(),
        email: email.map(str::to_owned),
    };
    record_change(
        tx,
        actor,
        "create",
        "contact",
        id,
        None::<&()>,
        Some(&contact),
    )
    .await?;
    Ok(contact)
}

/// A theme tag (digital government, cybersecurity…), created or renamed.
pub async fn save_theme(
    tx: &mut Tx,
    actor: Actor<'_>,
    code: &Code,
    name: &Bilingual,
) -> Result<(), StoreError> {
    const SQL: &str = "insert into theme (code, name_fr, name_en) values ($1, $2, $3) \
                       on conflict (code) do update set name_fr = excluded.name_fr, name_en = excluded.name_en";
    on_tx!(tx, c => sqlx::query(SQL).bind(code.as_str()).bind(&name.fr).bind(&name.en).execute(c).await.map(|r| r.rows_affected()))?;
    record_change(
        tx,
        actor,
        "save",
        "theme",
        0,
        None::<&()>,
        Some(&(code, name)),
    )
    .await
}

/// `field` must name an existing row of `table` (a fixed table name, never input).
async fn ensure_exists(
    tx: &mut Tx,
    table: &'static str,
    field: &str,
    id: i64,
) -> Result<(), StoreError> {
    let sql = format!("select count(*) from {table} where id = $1");
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar(&sql).bind(id).fetch_one(c).await)?;
    if n == 0 {
        return Err(invalid(
            field,
            Problem::Unknown {
                value: id.to_string(),
                expected: vec![],
            },
        ));
    }
    Ok(())
}

/// The ids of `root` and of everything under it.
pub(super) const SUBTREE: &str = "with recursive subtree (id) as ( \
         select id from initiative where id = $1 \
         union all \
         select i.id from initiative i join subtree s on i.parent_id = s.id) ";

/// Checks the rules of the tree for `draft` placed as `self_id` (None when new).
async fn check_placement(
    tx: &mut Tx,
    self_id: Option<InitiativeId>,
    draft: &InitiativeDraft,
) -> Result<(), StoreError> {
    let mut errors = FieldErrors::default();
    let parent_kind = match draft.parent_id {
        None => None,
        Some(parent) => {
            const KIND: &str = "select kind from initiative where id = $1";
            let kind: Option<String> =
                on_tx!(tx, c => sqlx::query_scalar(KIND).bind(parent.0).fetch_optional(c).await)?;
            match kind {
                None => {
                    return Err(invalid(
                        "parent_id",
                        Problem::Unknown {
                            value: parent.to_string(),
                            expected: vec![],
                        },
                    ));
                }
                Some(kind) => Some(
                    InitiativeKind::parse("kind", &kind)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                ),
            }
        }
    };
    if !draft.kind.accepts_parent(parent_kind) {
        let reason = match parent_kind {
            Some(p) => format!("a {} cannot be placed under a {p}", draft.kind),
            None => format!("a {} must be placed under a parent", draft.kind),
        };
        errors.push(FieldError::new(
            "parent_id",
            Problem::InvalidParent { reason },
        ));
    }
    if let (Some(me), Some(parent)) = (self_id, draft.parent_id) {
        let sql = format!("{SUBTREE} select id from subtree");
        let below: Vec<i64> =
            on_tx!(tx, c => sqlx::query_scalar(&sql).bind(me.0).fetch_all(c).await)?;
        if below.contains(&parent.0) {
            let reason =
                "an initiative cannot be placed under itself or one of its descendants".to_owned();
            errors.push(FieldError::new(
                "parent_id",
                Problem::InvalidParent { reason },
            ));
        }
    }
    if let Some(me) = self_id {
        const CHILD_KINDS: &str = "select distinct kind from initiative where parent_id = $1";
        let kinds: Vec<String> =
            on_tx!(tx, c => sqlx::query_scalar(CHILD_KINDS).bind(me.0).fetch_all(c).await)?;
        for kind in kinds {
            let kind = InitiativeKind::parse("kind", &kind)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            if !kind.accepts_parent(Some(draft.kind)) {
                let reason = format!(
                    "its children include a {kind}, which cannot be under a {}",
                    draft.kind
                );
                errors.push(FieldError::new("kind", Problem::InvalidParent { reason }));
            }
        }
    }
    const SIBLING: &str =
        "select id from initiative where coalesce(parent_id, 0) = $1 and code = $2";
    let sibling: Option<i64> = on_tx!(tx, c => sqlx::query_scalar(SIBLING)
        .bind(draft.parent_id.map_or(0, |p| p.0))
        .bind(draft.code.as_str())
        .fetch_optional(c)
        .await)?;
    if sibling.is_some_and(|s| Some(InitiativeId(s)) != self_id) {
        errors.push(FieldError::new(
            "code",
            Problem::Duplicate {
                value: draft.code.to_string(),
            },
        ));
    }
    if !draft.themes.is_empty() {
        const THEMES: &str = "select code from theme";
        let known: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(THEMES).fetch_all(c).await)?;
        for theme in &draft.themes {
            if !known.iter().any(|k| k == theme.as_str()) {
                errors.push(FieldError::new(
                    "themes",
                    Problem::Unknown {
                        value: theme.to_string(),
                        expected: known.clone(),
                    },
                ));
            }
        }
    }
    if let Some(org) = draft.organisation_id {
        if let Err(StoreError::Invalid(e)) =
            ensure_exists(tx, "organisation", "organisation_id", org.0).await
        {
            errors.0.extend(e.0);
        }
    }
    if let Some(contact) = draft.contact_id {
        if let Err(StoreError::Invalid(e)) =
            ensure_exists(tx, "contact", "contact_id", contact.0).await
        {
            errors.0.extend(e.0);
        }
    }
    errors.into_result(|| ()).map_err(StoreError::Invalid)
}

async fn replace_themes(tx: &mut Tx, id: InitiativeId, themes: &[Code]) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("delete from initiative_theme where initiative_id = $1").bind(id.0).execute(c).await.map(|r| r.rows_affected()))?;
    for theme in themes {
        const SQL: &str = "insert into initiative_theme (initiative_id, theme) values ($1, $2)";
        on_tx!(tx, c => sqlx::query(SQL).bind(id.0).bind(theme.as_str()).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Reads an initiative inside the transaction (with its themes).
pub(super) async fn load_initiative(
    tx: &mut Tx,
    id: InitiativeId,
) -> Result<Initiative, StoreError> {
    let sql = format!("select {INITIATIVE_COLUMNS} from initiative where id = $1");
    let row: Option<InitiativeRow> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(id.0).fetch_optional(c).await)?;
    let row = row.ok_or(StoreError::NotFound {
        entity: "initiative",
        id: id.0,
    })?;
    const THEMES: &str =
        "select theme from initiative_theme where initiative_id = $1 order by theme";
    let themes: Vec<String> =
        on_tx!(tx, c => sqlx::query_scalar(THEMES).bind(id.0).fetch_all(c).await)?;
    let themes = themes
        .iter()
        .map(|t| Code::parse("themes", t))
        .collect::<Result<_, _>>()
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    row.into_initiative(themes)
}

/// Binds `$1`–`$15` of the insert and the update of an initiative: the
/// draft's columns in table order, then the time of the change.
macro_rules! bind_draft {
    ($query:expr, $draft:expr) => {
        $query
            .bind($draft.parent_id.map(|p| p.0))
            .bind($draft.kind.as_str())
            .bind($draft.code.as_str())
            .bind(&$draft.title.fr)
            .bind(&$draft.title.en)
            .bind(&$draft.description.fr)
            .bind(&$draft.description.en)
            .bind($draft.organisation_id.map(|o| o.0))
            .bind($draft.contact_id.map(|c| c.0))
            .bind($draft.dates.start())
            .bind($draft.dates.end())
            .bind($draft.weight.get())
            .bind($draft.visibility.as_str())
            .bind($draft.priority)
            .bind(Utc::now())
    };
}

/// A new initiative, placed in its tree.
pub async fn create_initiative(
    tx: &mut Tx,
    actor: Actor<'_>,
    draft: &InitiativeDraft,
) -> Result<Initiative, StoreError> {
    check_placement(tx, None, draft).await?;
    const SQL: &str = "insert into initiative (parent_id, kind, code, title_fr, title_en, description_fr, \
         description_en, organisation_id, contact_id, start_date, target_date, weight, visibility, priority, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
         returning id";
    let id: i64 = on_tx!(tx, c => bind_draft!(sqlx::query_scalar(SQL), draft).fetch_one(c).await)?;
    let id = InitiativeId(id);
    replace_themes(tx, id, &draft.themes).await?;
    let created = load_initiative(tx, id).await?;
    record_change(
        tx,
        actor,
        "create",
        "initiative",
        id.0,
        None::<&()>,
        Some(&created),
    )
    .await?;
    Ok(created)
}

/// Changes an initiative, if nobody else has since `expected_version`.
pub async fn update_initiative(
    tx: &mut Tx,
    actor: Actor<'_>,
    id: InitiativeId,
    expected_version: i64,
    draft: &InitiativeDraft,
) -> Result<Initiative, StoreError> {
    let before = load_initiative(tx, id).await?;
    if before.version != expected_version {
        return Err(StoreError::Conflict {
            entity: "initiative",
            id: id.0,
            current_version: before.version,
        });
    }
    check_placement(tx, Some(id), draft).await?;
    const SQL: &str = "update initiative set parent_id = $1, kind = $2, code = $3, title_fr = $4, title_en = $5, \
         description_fr = $6, description_en = $7, organisation_id = $8, contact_id = $9, start_date = $10, \
         target_date = $11, weight = $12, visibility = $13, priority = $14, updated_at = $15, \
         version = version + 1 where id = $16 and version = $17";
    let changed = on_tx!(tx, c => bind_draft!(sqlx::query(SQL), draft)
        .bind(id.0)
        .bind(expected_version)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if changed == 0 {
        let current = load_initiative(tx, id).await?;
        return Err(StoreError::Conflict {
            entity: "initiative",
            id: id.0,
            current_version: current.version,
        });
    }
    replace_themes(tx, id, &draft.themes).await?;
    let after = load_initiative(tx, id).await?;
    record_change(
        tx,
        actor,
        "update",
        "initiative",
        id.0,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Archives (or restores) an initiative, if nobody else has changed it since `expected_version`.
pub async fn set_archived(
    tx: &mut Tx,
    actor: Actor<'_>,
    id: InitiativeId,
    expected_version: i64,
    archived: bool,
) -> Result<Initiative, StoreError> {
    let before = load_initiative(tx, id).await?;
    const SQL: &str =
        "update initiative set archived = $1, updated_at = $2, version = version + 1 \
                       where id = $3 and version = $4";
    let changed = on_tx!(tx, c => sqlx::query(SQL)
        .bind(archived)
        .bind(Utc::now())
        .bind(id.0)
        .bind(expected_version)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if changed == 0 {
        return Err(StoreError::Conflict {
            entity: "initiative",
            id: id.0,
            current_version: before.version,
        });
    }
    let after = load_initiative(tx, id).await?;
    let action = if archived { "archive" } else { "restore" };
    record_change(
        tx,
        actor,
        action,
        "initiative",
        id.0,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Appends a status update (or a correction of an earlier one).
pub async fn record_status_update(
    tx: &mut Tx,
    actor: Actor<'_>,
    draft: &StatusUpdateDraft,
) -> Result<StatusUpdate, StoreError> {
    ensure_exists(tx, "initiative", "initiative_id", draft.initiative_id.0).await?;
    let mut since = draft.as_of;
    if let Some(old) = draft.supersedes {
        const OWNER: &str = "select initiative_id, as_of from status_update where id = $1";
        let owner: Option<(i64, NaiveDate)> =
            on_tx!(tx, c => sqlx::query_as(OWNER).bind(old.0).fetch_optional(c).await)?;
        if let Some((_, corrected_as_of)) = owner {
            since = since.min(corrected_as_of);
        }
        if owner.map(|(initiative, _)| initiative) != Some(draft.initiative_id.0) {
            return Err(invalid(
                "supersedes",
                Problem::Unknown {
                    value: old.to_string(),
                    expected: vec![],
                },
            ));
        }
        const CORRECTED: &str = "select count(*) from status_update where supersedes = $1";
        let n: i64 = on_tx!(tx, c => sqlx::query_scalar(CORRECTED).bind(old.0).fetch_one(c).await)?;
        if n > 0 {
            return Err(invalid(
                "supersedes",
                Problem::Duplicate {
                    value: old.to_string(),
                },
            ));
        }
    }
    let sql = format!(
        "insert into status_update (initiative_id, as_of, status, health, schedule_health, cost_health, \
         scope_health, percent_complete, approved_budget, spent_to_date, forecast_at_completion, \
         accomplishments_fr, accomplishments_en, next_steps_fr, next_steps_en, issues_fr, issues_en, \
         internal_note, author, recorded_at, supersedes) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
         $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) returning {STATUS_UPDATE_COLUMNS}"
    );
    let h = &draft.health;
    let n = &draft.narrative;
    let row: Result<StatusUpdateRow, sqlx::Error> = on_tx!(tx, c => sqlx::query_as(&sql)
        .bind(draft.initiative_id.0)
        .bind(draft.as_of)
        .bind(draft.status.as_str())
        .bind(h.overall.as_str())
        .bind(h.schedule.map(Health::as_str))
        .bind(h.cost.map(Health::as_str))
        .bind(h.scope.map(Health::as_str))
        .bind(draft.percent_complete.map(|p| i32::from(p.get())))
        .bind(draft.budget.approved.map(Money::cents))
        .bind(draft.budget.spent_to_date.map(Money::cents))
        .bind(draft.budget.forecast_at_completion.map(Money::cents))
        .bind(&n.accomplishments.fr)
        .bind(&n.accomplishments.en)
        .bind(&n.next_steps.fr)
        .bind(&n.next_steps.en)
        .bind(&n.issues.fr)
        .bind(&n.issues.en)
        .bind(draft.internal_note.as_deref())
        .bind(actor.who)
        .bind(Utc::now())
        .bind(draft.supersedes.map(|s| s.0))
        .fetch_one(c)
        .await);
    let row = match (row, draft.supersedes) {
        (Ok(row), _) => row,
        // Another correction of the same update committed between the check
        // above and this insert (PostgreSQL lets both run): the same refusal.
        (Err(sqlx::Error::Database(e)), Some(old)) if e.is_unique_violation() => {
            return Err(invalid(
                "supersedes",
                Problem::Duplicate {
                    value: old.to_string(),
                },
            ));
        }
        (Err(e), _) => return Err(e.into()),
    };
    let update = StatusUpdate::try_from(row)?;
    rebuild_status_periods(tx, draft.initiative_id, since).await?;
    // No copy of the update in its audit row: the row it appended is never
    // changed, and the trail reads it from there (`read::audit_trail`).
    record_change(
        tx,
        actor,
        "append",
        "status_update",
        update.id.0,
        None::<&()>,
        None::<&()>,
    )
    .await?;
    Ok(update)
}

/// Status updates appended together (an import): each is checked as
/// [`record_status_update`] checks one and gets the same audit row, but a few
/// statements carry each call to [`Self::append`] instead of several per
/// update, and the derived status periods are rebuilt once per initiative,
/// from the earliest date the batch touched, by [`Self::finish`].
///
/// [`Self::append`] is three steps a caller may also take apart, to check
/// and build one call's worth while the database writes the previous one:
/// [`Self::read_for`] reads what the checks need from the database (nothing,
/// mostly, after the first call: see [`Self::needs_reading`]),
/// [`Self::prepare`] checks the drafts and builds their statements without
/// the database, and [`Unwritten::write`] runs them.
#[derive(Debug, Default)]
#[must_use = "finish rebuilds the status periods of what the batch appended"]
pub struct StatusUpdateBatch {
    /// Every initiative's id, read once.
    initiatives: Option<HashSet<i64>>,
    /// Where the batch's ids come from; nothing is read before the first.
    ids: Ids,
    /// How many ids PostgreSQL's sequence should give at once.
    expected: usize,
    /// Stored updates the batch's corrections named, as read: their
    /// initiative and date, those already corrected, and every id looked up
    /// (found or not).
    stored: HashMap<i64, (i64, NaiveDate)>,
    stored_corrected: HashSet<i64>,
    looked_up: HashSet<i64>,
    /// The updates this batch appended: their initiative and date, for a
    /// correction of one of them later in the batch.
    appended: HashMap<i64, (i64, NaiveDate)>,
    /// The updates this batch corrected.
    corrected: HashSet<i64>,
    /// Per initiative, the earliest date whose status the batch may change.
    since: HashMap<i64, NaiveDate>,
    /// What the rebuild needs of each update the batch appended, by
    /// initiative in the order appended, and the first id the batch took
    /// when every update stored before it has a smaller one (SQLite, whose
    /// single writer holds the lock from the first append): the rebuild then
    /// reads only the updates stored before the batch and takes the batch's
    /// own from here. PostgreSQL's sequence gives no such bound (a
    /// concurrent writer's ids fall between ours), so there it reads all.
    own: HashMap<i64, Vec<history::UpdateFact>>,
    first_own_id: Option<i64>,
}

/// The ids of a batch's updates, which no other writer will take.
#[derive(Debug, Default)]
enum Ids {
    #[default]
    Unread,
    /// SQLite: the batch holds the write lock from its first write, so the
    /// ids after the largest stored one are its own; the next of them.
    Counting(i64),
    /// PostgreSQL: ids the sequence gave and the batch has not used yet.
    Reserved(std::collections::VecDeque<i64>),
}

/// A call's worth of updates and audit rows, checked and built by
/// [`StatusUpdateBatch::prepare`], not yet written.
pub struct Unwritten {
    updates: bulk::Statements,
    audit: bulk::Statements,
}

impl Unwritten {
    /// Writes the updates and their audit rows in `tx` (the batch's).
    pub async fn write(self, tx: &mut Tx) -> Result<(), StoreError> {
        self.updates.run(tx).await?;
        self.audit.run(tx).await
    }
}

const AUDIT_COLUMNS: [&str; 8] = [
    "at",
    "actor",
    "via",
    "action",
    "entity",
    "entity_id",
    "before_json",
    "after_json",
];

impl StatusUpdateBatch {
    pub fn new() -> Self {
        Self::default()
    }

    /// A batch expected to append about `updates` updates: PostgreSQL's
    /// sequence then gives their ids in one round trip, not one per call.
    pub fn expecting(updates: usize) -> Self {
        StatusUpdateBatch {
            expected: updates,
            ..Self::default()
        }
    }

    /// Appends `drafts`, in order: for each, the update stored, or why it
    /// was refused (then nothing of it is stored). An `Err` is a database
    /// failure.
    pub async fn append(
        &mut self,
        tx: &mut Tx,
        actor: Actor<'_>,
        drafts: &[StatusUpdateDraft],
    ) -> Result<Vec<Result<StatusUpdate, FieldErrors>>, StoreError> {
        self.read_for(tx, drafts).await?;
        let (results, unwritten) = self.prepare(actor, drafts)?;
        unwritten.write(tx).await?;
        Ok(results)
    }

    /// Whether [`Self::prepare`] needs [`Self::read_for`] first: on the
    /// first call, when ids run out (PostgreSQL), and for a correction of a
    /// stored update not looked up yet.
    pub fn needs_reading(&self, drafts: &[StatusUpdateDraft]) -> bool {
        let ids_known = match &self.ids {
            Ids::Unread => false,
            Ids::Counting(_) => true,
            Ids::Reserved(ids) => ids.len() >= drafts.len(),
        };
        self.initiatives.is_none() || !ids_known || self.unread_corrections(drafts).next().is_some()
    }

    /// The stored updates `drafts` correct that the batch has not read.
    fn unread_corrections<'a>(
        &'a self,
        drafts: &'a [StatusUpdateDraft],
    ) -> impl Iterator<Item = i64> + 'a {
        drafts
            .iter()
            .filter_map(|d| d.supersedes.map(|s| s.0))
            .filter(|id| !self.appended.contains_key(id) && !self.looked_up.contains(id))
    }

    /// Reads from `tx` what [`Self::prepare`] needs to check `drafts`.
    pub async fn read_for(
        &mut self,
        tx: &mut Tx,
        drafts: &[StatusUpdateDraft],
    ) -> Result<(), StoreError> {
        if drafts.is_empty() {
            return Ok(());
        }
        if matches!(self.ids, Ids::Unread) {
            // First the write (SQLite then holds the database's write lock,
            // so the ids after the largest stay free), then the ids.
            const BUMP: &str = "update data_version set version = version + 1 where id = 1";
            on_tx!(tx, c => sqlx::query(BUMP).execute(c).await.map(|r| r.rows_affected()))?;
            self.ids = match tx.backend() {
                Backend::Sqlite => {
                    let first = bulk::next_id(tx, "status_update").await?;
                    self.first_own_id = Some(first);
                    Ids::Counting(first)
                }
                Backend::Postgres => Ids::Reserved(Default::default()),
            };
        }
        if let (Ids::Reserved(ids), Tx::Postgres(c)) = (&mut self.ids, &mut *tx) {
            if ids.len() < drafts.len() {
                let n = drafts.len().max(self.expected) - ids.len();
                let n = i64::try_from(n).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                const SQL: &str = "select nextval(pg_get_serial_sequence('status_update', 'id')) \
                     from generate_series(1, $1)";
                let more: Vec<i64> = sqlx::query_scalar(SQL).bind(n).fetch_all(&mut **c).await?;
                ids.extend(more);
            }
        }
        if self.initiatives.is_none() {
            let all: Vec<i64> = on_tx!(tx, c => sqlx::query_scalar("select id from initiative").fetch_all(c).await)?;
            self.initiatives = Some(all.into_iter().collect());
        }
        let wanted: Vec<i64> = self.unread_corrections(drafts).collect();
        if !wanted.is_empty() {
            let (stored, corrected) = corrected_updates(tx, &wanted).await?;
            self.stored.extend(stored);
            self.stored_corrected.extend(corrected);
            self.looked_up.extend(wanted);
        }
        Ok(())
    }

    /// Checks `drafts`, in order, and builds the statements that write
    /// those it accepts: for each, the update as it will be stored, or why
    /// it was refused. Needs no database ([`Self::read_for`] read what the
    /// checks need; an `Err` says it did not).
    pub fn prepare(
        &mut self,
        actor: Actor<'_>,
        drafts: &[StatusUpdateDraft],
    ) -> Result<(Vec<Result<StatusUpdate, FieldErrors>>, Unwritten), StoreError> {
        // (Before any read, there is no draft and so no statement to run.)
        let backend = match self.ids {
            Ids::Reserved(_) => Backend::Postgres,
            Ids::Unread | Ids::Counting(_) => Backend::Sqlite,
        };
        if !drafts.is_empty() && self.needs_reading(drafts) {
            return Err(StoreError::Corrupt(
                "status updates prepared before what their checks need was read".into(),
            ));
        }
        let recorded_at = Utc::now().trunc_subsecs(6);
        let mut results = Vec::with_capacity(drafts.len());
        let (mut rows, mut audit) = (Vec::new(), Vec::new());
        for draft in drafts {
            let initiative = draft.initiative_id.0;
            let known = self
                .initiatives
                .as_ref()
                .is_some_and(|all| all.contains(&initiative));
            let unknown = |field: &str, value: i64| {
                FieldErrors::from(FieldError::new(
                    field,
                    Problem::Unknown {
                        value: value.to_string(),
                        expected: vec![],
                    },
                ))
            };
            if !known {
                results.push(Err(unknown("initiative_id", initiative)));
                continue;
            }
            let mut since = draft.as_of;
            if let Some(old) = draft.supersedes {
                let owner = self
                    .appended
                    .get(&old.0)
                    .or_else(|| self.stored.get(&old.0));
                match owner {
                    Some((owner, as_of)) if *owner == initiative => since = since.min(*as_of),
                    _ => {
                        results.push(Err(unknown("supersedes", old.0)));
                        continue;
                    }
                }
                if self.corrected.contains(&old.0) || self.stored_corrected.contains(&old.0) {
                    let problem = Problem::Duplicate {
                        value: old.to_string(),
                    };
                    results.push(Err(FieldError::new("supersedes", problem).into()));
                    continue;
                }
                self.corrected.insert(old.0);
            }
            let id = match &mut self.ids {
                Ids::Counting(next) => {
                    *next += 1;
                    Some(*next - 1)
                }
                Ids::Reserved(ids) => ids.pop_front(),
                Ids::Unread => None,
            }
            .ok_or_else(|| StoreError::Corrupt("too few ids reserved".into()))?;
            let update = StatusUpdate {
                id: StatusUpdateId(id),
                initiative_id: draft.initiative_id,
                as_of: draft.as_of,
                status: draft.status,
                health: draft.health,
                percent_complete: draft.percent_complete,
                budget: draft.budget,
                narrative: draft.narrative.clone(),
                internal_note: draft.internal_note.clone(),
                author: actor.who.to_owned(),
                recorded_at,
                supersedes: draft.supersedes,
            };
            rows.push(update_values(&update));
            audit.push(vec![
                Value::Time(recorded_at),
                Value::Text(Some(actor.who.to_owned())),
                Value::Text(Some(actor.via.as_str().to_owned())),
                Value::Text(Some("append".into())),
                Value::Text(Some("status_update".into())),
                Value::Int(Some(id)),
                Value::Text(None),
                Value::Text(None),
            ]);
            self.appended.insert(id, (initiative, draft.as_of));
            self.own
                .entry(initiative)
                .or_default()
                .push(history::UpdateFact {
                    id: StatusUpdateId(id),
                    as_of: draft.as_of,
                    status: draft.status,
                    health: draft.health.overall,
                    supersedes: draft.supersedes,
                });
            let earliest = self.since.entry(initiative).or_insert(since);
            *earliest = (*earliest).min(since);
            results.push(Ok(update));
        }
        // The stored columns, in the order `update_values` gives them.
        let columns: Vec<&'static str> = STATUS_UPDATE_COLUMNS.split(',').map(str::trim).collect();
        let unwritten = Unwritten {
            updates: bulk::Statements::new(backend, "status_update", &columns, rows),
            audit: bulk::Statements::new(backend, "audit_log", &AUDIT_COLUMNS, audit),
        };
        Ok((results, unwritten))
    }

    /// Rebuilds the status periods of every initiative the batch wrote to.
    pub async fn finish(mut self, tx: &mut Tx) -> Result<(), StoreError> {
        let since: Vec<(InitiativeId, NaiveDate)> = self
            .since
            .into_iter()
            .map(|(id, date)| (InitiativeId(id), date))
            .collect();
        // The batch's own effective updates: those no update corrects (only
        // one of the batch can correct one of the batch).
        let own = self.first_own_id.map(|below| {
            for facts in self.own.values_mut() {
                facts.retain(|u| !self.corrected.contains(&u.id.0));
            }
            OwnUpdates {
                below,
                by_initiative: self.own,
            }
        });
        rebuild_status_periods_of(tx, &since, own.as_ref()).await
    }
}

/// Of the stored updates `ids`: the initiative and date of each, and those
/// some update already corrects.
async fn corrected_updates(
    tx: &mut Tx,
    ids: &[i64],
) -> Result<(HashMap<i64, (i64, NaiveDate)>, HashSet<i64>), StoreError> {
    let (mut found, mut corrected) = (HashMap::new(), HashSet::new());
    for chunk in ids.chunks(10_000) {
        let rows: Vec<(i64, i64, NaiveDate)> = on_tx!(tx, c => {
            let mut q = QueryBuilder::new("select id, initiative_id, as_of from status_update where id in (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            q.push(")");
            q.build_query_as().fetch_all(&mut *c).await
        })?;
        found.extend(
            rows.into_iter()
                .map(|(id, initiative, as_of)| (id, (initiative, as_of))),
        );
        let taken: Vec<i64> = on_tx!(tx, c => {
            let mut q = QueryBuilder::new("select supersedes from status_update where supersedes in (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            q.push(")");
            q.build_query_scalar().fetch_all(&mut *c).await
        })?;
        corrected.extend(taken);
    }
    Ok((found, corrected))
}

/// A status update as a row of [`STATUS_UPDATE_COLUMNS`].
fn update_values(u: &StatusUpdate) -> Vec<Value> {
    let text = |s: &str| Value::Text(Some(s.to_owned()));
    let health = |h: Option<Health>| Value::Text(h.map(|h| h.as_str().to_owned()));
    let money = |m: Option<Money>| Value::Int(m.map(Money::cents));
    let n = &u.narrative;
    vec![
        Value::Int(Some(u.id.0)),
        Value::Int(Some(u.initiative_id.0)),
        Value::Date(Some(u.as_of)),
        text(u.status.as_str()),
        text(u.health.overall.as_str()),
        health(u.health.schedule),
        health(u.health.cost),
        health(u.health.scope),
        Value::Int(u.percent_complete.map(|p| i64::from(p.get()))),
        money(u.budget.approved),
        money(u.budget.spent_to_date),
        money(u.budget.forecast_at_completion),
        text(&n.accomplishments.fr),
        text(&n.accomplishments.en),
        text(&n.next_steps.fr),
        text(&n.next_steps.en),
        text(&n.issues.fr),
        text(&n.issues.en),
        Value::Text(u.internal_note.clone()),
        text(&u.author),
        Value::Time(u.recorded_at),
        Value::Int(u.supersedes.map(|s| s.0)),
    ]
}

/// Rebuilds the derived status periods of one initiative from `since` on,
/// the earliest date a write changed (the date of a new update, or of the one
/// it corrects): the periods that ended before it stand, the one in effect
/// the day before is reopened, and the rest is recomputed from the updates
/// dated on or after it (see [`history::status_periods_after`]).
pub(super) async fn rebuild_status_periods(
    tx: &mut Tx,
    id: InitiativeId,
    since: NaiveDate,
) -> Result<(), StoreError> {
    rebuild_status_periods_of(tx, &[(id, since)], None).await
}

/// How many initiatives one round of [`rebuild_status_periods_of`] covers:
/// their (initiative, date) pairs are bound as one list, so a round costs a
/// few statements whatever its size, and a larger one only holds more in
/// memory at once.
const PERIODS_PER_ROUND: usize = 500;

/// [`rebuild_status_periods`] for several initiatives (each once, each from
/// its own date), a few statements per [`PERIODS_PER_ROUND`] of them rather
/// than a few per initiative: an import touches thousands. `own` is a
/// batch's own updates, when it can tell them from those stored before it.
async fn rebuild_status_periods_of(
    tx: &mut Tx,
    since: &[(InitiativeId, NaiveDate)],
    own: Option<&OwnUpdates>,
) -> Result<(), StoreError> {
    let mut since = since.to_vec();
    since.sort_unstable();
    for chunk in since.chunks(PERIODS_PER_ROUND) {
        rebuild_chunk(tx, chunk, own).await?;
    }
    Ok(())
}

/// `template` for `backend`: `{pairs}` replaced by a table of (initiative,
/// date) pairs bound first, `j (initiative_id, since)` — a JSON array read
/// by `json_each` on SQLite, two arrays read by `unnest` on PostgreSQL —
/// and `{next}` by the first placeholder after theirs. A statement's text
/// is then the same whatever the pairs, so each is planned once per
/// connection (sqlx keeps it prepared); written as a list of `or` terms,
/// each chunk's was planned anew, and planning was 41% of an import's
/// instructions (callgrind, 10,000 updates to 5,000 initiatives).
fn pairs_statement(backend: Backend, template: &str) -> String {
    let (table, next) = match backend {
        Backend::Sqlite => (
            "(select value ->> 0 as initiative_id, value ->> 1 as since from json_each($1)) as j",
            "$2",
        ),
        Backend::Postgres => (
            "unnest($1::int8[], $2::date[]) as j (initiative_id, since)",
            "$3",
        ),
    };
    template.replace("{pairs}", table).replace("{next}", next)
}

/// Runs `$run` with `$q`, the query `$make` of `$template`'s statement
/// ([`pairs_statement`]) with `$pairs` bound first, and `$c`, the
/// connection of `$tx` (its two arms are the same code, for each
/// database's types).
macro_rules! with_pairs {
    ($tx:expr, $pairs:expr, $template:expr, $make:path, |$q:ident, $c:ident| $run:expr) => {{
        let tx: &mut Tx = $tx;
        let pairs: &[(InitiativeId, NaiveDate)] = $pairs;
        let sql = pairs_statement(tx.backend(), $template);
        match tx {
            Tx::Sqlite(tx) => {
                let list: Vec<(i64, NaiveDate)> = pairs.iter().map(|(id, d)| (id.0, *d)).collect();
                match serde_json::to_string(&list) {
                    Err(e) => Err(sqlx::Error::Encode(Box::new(e))),
                    Ok(json) => {
                        let $c = &mut **tx;
                        let $q = $make(&sql).bind(json);
                        $run
                    }
                }
            }
            Tx::Postgres(tx) => {
                let ids: Vec<i64> = pairs.iter().map(|(id, _)| id.0).collect();
                let dates: Vec<NaiveDate> = pairs.iter().map(|(_, d)| *d).collect();
                let $c = &mut **tx;
                let $q = $make(&sql).bind(ids).bind(dates);
                $run
            }
        }
    }};
}

/// A batch's own effective updates, by initiative in the order appended,
/// when every update stored before the batch has an id below `below`.
struct OwnUpdates {
    below: i64,
    by_initiative: HashMap<i64, Vec<history::UpdateFact>>,
}

async fn rebuild_chunk(
    tx: &mut Tx,
    chunk: &[(InitiativeId, NaiveDate)],
    own: Option<&OwnUpdates>,
) -> Result<(), StoreError> {
    // Two writers to one initiative take turns here: on PostgreSQL both
    // transactions would otherwise rebuild the same periods at once (SQLite
    // lets one writer in at a time). Read after the lock, the other's
    // committed updates are seen; callers lock in id order (the chunks are
    // sorted), and `no key update` does not wait for the key-share locks
    // that the foreign keys of the rows just inserted hold (no deadlock).
    if let Tx::Postgres(c) = tx {
        const LOCK: &str =
            "select id from initiative where id = any($1) order by id for no key update";
        let ids: Vec<i64> = chunk.iter().map(|(id, _)| id.0).collect();
        sqlx::query(LOCK).bind(&ids).execute(&mut **c).await?;
    }
    let corrupt = |e: FieldError| StoreError::Corrupt(e.to_string());
    let status = |s: &str| Status::parse("status", s).map_err(corrupt);
    let health = |s: &str| Health::parse("health", s).map_err(corrupt);
    // The period in effect the day before each initiative's date: it began
    // before the date and had not ended by then (periods follow each other
    // without gaps, the last one open).
    const BEFORE: &str = "select p.initiative_id, p.valid_from, p.status, p.health from {pairs} \
         join status_period p on p.initiative_id = j.initiative_id and p.valid_from < j.since \
         and (p.valid_until is null or p.valid_until >= j.since)";
    let before: Vec<(i64, NaiveDate, String, String)> =
        with_pairs!(&mut *tx, chunk, BEFORE, sqlx::query_as, |q, c| q
            .fetch_all(c)
            .await)?;
    let mut before: HashMap<i64, history::StatusPeriod> = before
        .into_iter()
        .map(|(id, valid_from, s, h)| {
            Ok::<_, StoreError>((
                id,
                history::StatusPeriod {
                    valid_from,
                    valid_until: None,
                    status: status(&s)?,
                    health: health(&h)?,
                },
            ))
        })
        .collect::<Result<_, _>>()?;

    // The effective updates (not corrected) from each date on. Of those on
    // the date itself only the last counts (a day's status is its last
    // update's), and only it is read: an initiative updated many times in
    // one day is rebuilt as fast as one updated once (the index on
    // `(initiative_id, as_of, id)` finds it from the end). Those after the
    // date follow, in the order they take effect. A batch's own updates are
    // not read back: on a date that holds one of them, it comes after every
    // stored one (its id is larger), so nothing is read for that date; after
    // the date, only the updates stored before the batch are read (found in
    // the index alone, which holds the id).
    let own_of = |id: InitiativeId| {
        own.and_then(|o| o.by_initiative.get(&id.0))
            .map_or(&[][..], Vec::as_slice)
    };
    let asked: Vec<(InitiativeId, NaiveDate)> = chunk
        .iter()
        .filter(|(id, date)| !own_of(*id).iter().any(|u| u.as_of == *date))
        .copied()
        .collect();
    // The last effective update of each asked date (none where there is
    // none), then those after each date.
    const ON_THE_DATE: &str =
        "select u.initiative_id, u.id, u.as_of, u.status, u.health from {pairs} \
         join status_update u on u.id = (select l.id from status_update l \
         where l.initiative_id = j.initiative_id and l.as_of = j.since \
         and not exists (select 1 from status_update c where c.supersedes = l.id) \
         order by l.id desc limit 1)";
    const AFTER: &str = "select u.initiative_id, u.id, u.as_of, u.status, u.health from {pairs} \
         join status_update u on u.initiative_id = j.initiative_id and u.as_of > j.since \
         where u.id < {next} \
         and not exists (select 1 from status_update c where c.supersedes = u.id) \
         order by u.initiative_id, u.as_of, u.id";
    let on_the_date: Vec<(i64, i64, NaiveDate, String, String)> = if asked.is_empty() {
        Vec::new()
    } else {
        with_pairs!(&mut *tx, &asked, ON_THE_DATE, sqlx::query_as, |q, c| q
            .fetch_all(c)
            .await)?
    };
    // Without a batch's bound, every update's id is below the largest.
    let below = own.map_or(i64::MAX, |o| o.below);
    let after: Vec<(i64, i64, NaiveDate, String, String)> =
        with_pairs!(&mut *tx, chunk, AFTER, sqlx::query_as, |q, c| q
            .bind(below)
            .fetch_all(c)
            .await)?;
    let rows = on_the_date.into_iter().chain(after);
    let mut effective: HashMap<i64, Vec<history::UpdateFact>> = HashMap::new();
    for (initiative, uid, as_of, s, h) in rows {
        effective
            .entry(initiative)
            .or_default()
            .push(history::UpdateFact {
                id: StatusUpdateId(uid),
                as_of,
                status: status(&s)?,
                health: health(&h)?,
                supersedes: None,
            });
    }
    if own.is_some() {
        for (id, date) in chunk {
            let mine = own_of(*id).iter().filter(|u| u.as_of >= *date);
            let updates = effective.entry(id.0).or_default();
            updates.extend(mine.cloned());
            updates.sort_by_key(|u| (u.as_of, u.id));
        }
    }

    // Each initiative's periods from the reopened one on are dropped and
    // written again.
    let mut from = Vec::with_capacity(chunk.len());
    let mut periods: Vec<Vec<Value>> = Vec::new();
    for (id, date) in chunk {
        let reopened = before.remove(&id.0);
        from.push((*id, reopened.as_ref().map_or(*date, |p| p.valid_from)));
        let updates = effective.remove(&id.0).unwrap_or_default();
        periods.extend(
            history::status_periods_after(reopened, &updates)
                .into_iter()
                .map(|p| {
                    vec![
                        Value::Int(Some(id.0)),
                        Value::Date(Some(p.valid_from)),
                        Value::Date(p.valid_until),
                        Value::Text(Some(p.status.as_str().to_owned())),
                        Value::Text(Some(p.health.as_str().to_owned())),
                    ]
                }),
        );
    }
    const DROP: &str = "delete from status_period where (initiative_id, valid_from) in \
         (select p.initiative_id, p.valid_from from {pairs} \
         join status_period p on p.initiative_id = j.initiative_id and p.valid_from >= j.since)";
    with_pairs!(&mut *tx, &from, DROP, sqlx::query, |q, c| q
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    bulk::insert(
        tx,
        "status_period",
        &[
            "initiative_id",
            "valid_from",
            "valid_until",
            "status",
            "health",
        ],
        periods,
    )
    .await
}

/// The milestone and its current plan, inside the transaction.
async fn load_milestone(tx: &mut Tx, id: MilestoneId) -> Result<Milestone, StoreError> {
    let sql = format!("{MILESTONE_SELECT} where m.id = $1");
    let row: Option<MilestoneRow> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(id.0).fetch_optional(c).await)?;
    row.map(Milestone::from).ok_or(StoreError::NotFound {
        entity: "milestone",
        id: id.0,
    })
}

/// A milestone with the dates of its latest revision.
pub(super) const MILESTONE_SELECT: &str =
    "select m.id, m.initiative_id, m.title_fr, m.title_en, m.baseline_date, \
     r.forecast_date, r.actual_date from milestone m join milestone_revision r on r.id = ( \
     select r2.id from milestone_revision r2 where r2.milestone_id = m.id \
     order by r2.decided_on desc, r2.id desc limit 1)";

/// A new milestone; its baseline is its first plan, decided on `decided_on`.
pub async fn create_milestone(
    tx: &mut Tx,
    actor: Actor<'_>,
    draft: &MilestoneDraft,
) -> Result<Milestone, StoreError> {
    ensure_exists(tx, "initiative", "initiative_id", draft.initiative_id.0).await?;
    let title_fr = required_text("title_fr", &draft.title.fr, TITLE_MAX)?;
    let title_en = required_text("title_en", &draft.title.en, TITLE_MAX)?;
    const SQL: &str =
        "insert into milestone (initiative_id, title_fr, title_en, baseline_date, created_at) \
                       values ($1, $2, $3, $4, $5) returning id";
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(SQL)
        .bind(draft.initiative_id.0)
        .bind(&title_fr)
        .bind(&title_en)
        .bind(draft.baseline_date)
        .bind(Utc::now())
        .fetch_one(c)
        .await)?;
    insert_revision(
        tx,
        actor,
        MilestoneId(id),
        draft.decided_on,
        draft.baseline_date,
        None,
        &Bilingual::default(),
    )
    .await?;
    let milestone = load_milestone(tx, MilestoneId(id)).await?;
    record_change(
        tx,
        actor,
        "create",
        "milestone",
        id,
        None::<&()>,
        Some(&milestone),
    )
    .await?;
    Ok(milestone)
}

async fn insert_revision(
    tx: &mut Tx,
    actor: Actor<'_>,
    milestone: MilestoneId,
    decided_on: NaiveDate,
    forecast: NaiveDate,
    actual: Option<NaiveDate>,
    reason: &Bilingual,
) -> Result<(), StoreError> {
    const SQL: &str = "insert into milestone_revision (milestone_id, decided_on, forecast_date, actual_date, \
                       reason_fr, reason_en, author, recorded_at) values ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_tx!(tx, c => sqlx::query(SQL)
        .bind(milestone.0)
        .bind(decided_on)
        .bind(forecast)
        .bind(actual)
        .bind(&reason.fr)
        .bind(&reason.en)
        .bind(actor.who)
        .bind(Utc::now())
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Re-plans a milestone or records its actual date; a new forecast needs a reason.
pub async fn revise_milestone(
    tx: &mut Tx,
    actor: Actor<'_>,
    change: &MilestoneChange,
) -> Result<Milestone, StoreError> {
    let before = match load_milestone(tx, change.milestone_id).await {
        Err(StoreError::NotFound { .. }) => {
            return Err(invalid(
                "milestone_id",
                Problem::Unknown {
                    value: change.milestone_id.to_string(),
                    expected: vec![],
                },
            ));
        }
        other => other?,
    };
    if change.forecast_date != before.forecast_date && change.reason.is_empty() {
        return Err(invalid("reason_fr", Problem::Required));
    }
    insert_revision(
        tx,
        actor,
        change.milestone_id,
        change.decided_on,
        change.forecast_date,
        change.actual_date,
        &change.reason,
    )
    .await?;
    let after = load_milestone(tx, change.milestone_id).await?;
    record_change(
        tx,
        actor,
        "revise",
        "milestone",
        after.id.0,
        Some(&before),
        Some(&(&after, change)),
    )
    .await?;
    Ok(after)
}

/// A new indicator of an initiative; its code is unique within the initiative.
pub async fn create_indicator(
    tx: &mut Tx,
    actor: Actor<'_>,
    draft: &IndicatorDraft,
) -> Result<Indicator, StoreError> {
    ensure_exists(tx, "initiative", "initiative_id", draft.initiative_id.0).await?;
    const TAKEN: &str = "select count(*) from indicator where initiative_id = $1 and code = $2";
    let taken: i64 = on_tx!(tx, c => sqlx::query_scalar(TAKEN).bind(draft.initiative_id.0).bind(draft.code.as_str()).fetch_one(c).await)?;
    if taken > 0 {
        return Err(invalid(
            "code",
            Problem::Duplicate {
                value: draft.code.to_string(),
            },
        ));
    }
    let sql = format!(
        "insert into indicator (initiative_id, code, name_fr, name_en, unit_fr, unit_en, direction, \
         baseline_date, baseline_value, target_date, target_value, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning {INDICATOR_COLUMNS}"
    );
    let row: IndicatorRow = on_tx!(tx, c => sqlx::query_as(&sql)
        .bind(draft.initiative_id.0)
        .bind(draft.code.as_str())
        .bind(&draft.name.fr)
        .bind(&draft.name.en)
        .bind(&draft.unit.fr)
        .bind(&draft.unit.en)
        .bind(draft.direction.as_str())
        .bind(draft.baseline.map(|b| b.0))
        .bind(draft.baseline.map(|b| b.1))
        .bind(draft.target.map(|t| t.0))
        .bind(draft.target.map(|t| t.1))
        .bind(Utc::now())
        .fetch_one(c)
        .await)?;
    let indicator = Indicator::try_from(row)?;
    record_change(
        tx,
        actor,
        "create",
        "indicator",
        indicator.id.0,
        None::<&()>,
        Some(&indicator),
    )
    .await?;
    Ok(indicator)
}

/// Appends a dated value of an indicator (a later one for the same date replaces it).
pub async fn record_indicator_value(
    tx: &mut Tx,
    actor: Actor<'_>,
    draft: &IndicatorValueDraft,
) -> Result<IndicatorValue, StoreError> {
    ensure_exists(tx, "indicator", "indicator_id", draft.indicator_id.0).await?;
    if !draft.value.is_finite() {
        return Err(invalid(
            "value",
            Problem::Malformed {
                value: draft.value.to_string(),
                expected: "a number".into(),
            },
        ));
    }
    const SQL: &str = "insert into indicator_value (indicator_id, measured_on, value, note_fr, note_en, author, recorded_at) \
         values ($1, $2, $3, $4, $5, $6, $7) \
         returning id, indicator_id, measured_on, value, note_fr, note_en, author, recorded_at";
    let row: IndicatorValueRow = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(draft.indicator_id.0)
        .bind(draft.measured_on)
        .bind(draft.value)
        .bind(&draft.note.fr)
        .bind(&draft.note.en)
        .bind(actor.who)
        .bind(Utc::now())
        .fetch_one(c)
        .await)?;
    let value = IndicatorValue::from(row);
    record_change(
        tx,
        actor,
        "append",
        "indicator_value",
        value.id.0,
        None::<&()>,
        Some(&value),
    )
    .await?;
    Ok(value)
}
