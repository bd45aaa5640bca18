//! The questions the product asks of the stored data. Each answers as of a
//! date where history matters; the arithmetic lives in
//! [`crate::domain::history`], the SQL here.

use super::rows::*;
use super::write::{MILESTONE_SELECT, SUBTREE};
use super::{Backend, Db, StoreError};
use crate::domain::history::{
    self, Changes, IndicatorSeries, OwnState, Rollup, RollupInput, SeriesPoint, Snapshot,
    StatusPeriod,
};
use crate::domain::public::Reach;
use crate::domain::*;
use chrono::NaiveDate;
use std::collections::HashMap;

fn corrupt(e: FieldError) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Which initiatives a question is about: all of them, or a subtree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Portfolio,
    Subtree(InitiativeId),
}

impl Scope {
    /// SQL that starts the statement (a CTE for a subtree) and a condition
    /// on `column` that keeps the scope's initiatives. `$1` is the root.
    fn sql(self, column: &str) -> (&'static str, String) {
        match self {
            Scope::Portfolio => ("", "1 = 1".to_owned()),
            Scope::Subtree(_) => (SUBTREE, format!("{column} in (select id from subtree)")),
        }
    }

    /// The value bound to `$1` (ignored for the whole portfolio).
    fn root(self) -> i64 {
        match self {
            Scope::Portfolio => 0,
            Scope::Subtree(root) => root.0,
        }
    }
}

pub async fn organisations(db: &Db) -> Result<Vec<Organisation>, StoreError> {
    const SQL: &str = "select id, code, name_fr, name_en from organisation order by code";
    let rows: Vec<(i64, String, String, String)> =
        on_pool!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?;
    rows.into_iter()
        .map(|(id, code, fr, en)| {
            Ok(Organisation {
                id: OrganisationId(id),
                code: Code::parse("code", &code).map_err(corrupt)?,
                name: Bilingual::new(fr, en),
            })
        })
        .collect()
}

pub async fn contacts(db: &Db) -> Result<Vec<Contact>, StoreError> {
    const SQL: &str =
        "select id, organisation_id, name, role_fr, role_en, email from contact order by name";
    let rows: Vec<ContactRow> = on_pool!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?;
    Ok(rows.into_iter().map(Contact::from).collect())
}

/// The themes initiatives may carry, by code, with their names.
pub async fn themes(db: &Db) -> Result<Vec<(Code, Bilingual)>, StoreError> {
    const SQL: &str = "select code, name_fr, name_en from theme order by code";
    let rows: Vec<(String, String, String)> =
        on_pool!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?;
    rows.into_iter()
        .map(|(code, fr, en)| {
            Ok((
                Code::parse("code", &code).map_err(corrupt)?,
                Bilingual::new(fr, en),
            ))
        })
        .collect()
}

/// Initiatives in `scope`, with their themes, ordered by id.
pub async fn initiatives(db: &Db, scope: Scope) -> Result<Vec<Initiative>, StoreError> {
    let (with, keep) = scope.sql("id");
    let sql =
        format!("{with} select {INITIATIVE_COLUMNS} from initiative where {keep} order by id");
    let rows: Vec<InitiativeRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(scope.root()).fetch_all(p).await)?;
    let (with, keep) = scope.sql("initiative_id");
    let sql = format!(
        "{with} select initiative_id, theme from initiative_theme where {keep} order by theme"
    );
    let theme_rows: Vec<(i64, String)> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(scope.root()).fetch_all(p).await)?;
    let mut themes: HashMap<i64, Vec<Code>> = HashMap::new();
    for (id, theme) in theme_rows {
        themes
            .entry(id)
            .or_default()
            .push(Code::parse("themes", &theme).map_err(corrupt)?);
    }
    rows.into_iter()
        .map(|r| {
            let t = themes.remove(&r.id).unwrap_or_default();
            r.into_initiative(t)
        })
        .collect()
}

pub async fn initiative(db: &Db, id: InitiativeId) -> Result<Option<Initiative>, StoreError> {
    let sql = format!("select {INITIATIVE_COLUMNS} from initiative where id = $1");
    let row: Option<InitiativeRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id.0).fetch_optional(p).await)?;
    let Some(row) = row else { return Ok(None) };
    const THEMES: &str =
        "select theme from initiative_theme where initiative_id = $1 order by theme";
    let themes: Vec<String> =
        on_pool!(db, p => sqlx::query_scalar(THEMES).bind(id.0).fetch_all(p).await)?;
    let themes = themes
        .iter()
        .map(|t| Code::parse("themes", t))
        .collect::<Result<_, _>>()
        .map_err(corrupt)?;
    row.into_initiative(themes).map(Some)
}

/// Every status update of an initiative, corrections and corrected alike,
/// in the order they take effect.
pub async fn status_history(db: &Db, id: InitiativeId) -> Result<Vec<StatusUpdate>, StoreError> {
    let sql = format!("select {STATUS_UPDATE_COLUMNS} from status_update where initiative_id = $1 order by as_of, id");
    let rows: Vec<StatusUpdateRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id.0).fetch_all(p).await)?;
    rows.into_iter().map(StatusUpdate::try_from).collect()
}

/// Every status update of the initiatives in `scope`, corrections and
/// corrected alike, by initiative, then in the order they take effect.
pub async fn status_updates(db: &Db, scope: Scope) -> Result<Vec<StatusUpdate>, StoreError> {
    let (with, keep) = scope.sql("initiative_id");
    let sql = format!(
        "{with} select {STATUS_UPDATE_COLUMNS} from status_update where {keep} \
         order by initiative_id, as_of, id"
    );
    let rows: Vec<StatusUpdateRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(scope.root()).fetch_all(p).await)?;
    rows.into_iter().map(StatusUpdate::try_from).collect()
}

/// The query of the state of each initiative of `scope` on `$2`: its latest
/// update on or before that date that no correction supersedes, reading
/// `columns` of it. One index seek per initiative (status_update_timeline).
/// The two databases need different text to do that in one pass; this and
/// [`sqlite_as_of_json`], the same question read as one value, are the only
/// queries where they differ.
fn as_of_query(backend: Backend, scope: Scope, columns: &str) -> String {
    let (with, keep) = scope.sql("i.id");
    match backend {
        // A lateral join reads each row in its seek; `id in (…)` would run
        // the correlated subquery twice per initiative and look rows up again.
        Backend::Postgres => format!(
            "{with} select s.* from initiative i cross join lateral \
             (select {columns} from status_update x where {LATEST}) s \
             where {keep} order by s.initiative_id"
        ),
        // No lateral join in SQLite: pick the ids, then read them by rowid.
        Backend::Sqlite => format!(
            "{with} select {columns} from status_update where id in ({}) order by initiative_id",
            sqlite_latest_ids(&keep)
        ),
    }
}

/// The condition, on `x` for initiative `i`, that picks its update in effect
/// on `$2` (the first row in this order).
const LATEST: &str = "x.initiative_id = i.id and x.as_of <= $2 \
     and not exists (select 1 from status_update c where c.supersedes = x.id) \
     order by x.as_of desc, x.id desc limit 1";

/// SQLite: the id of the update in effect on `$2` of each initiative `i`
/// that `keep` keeps.
fn sqlite_latest_ids(keep: &str) -> String {
    format!(
        "select (select x.id from status_update x where {LATEST}) from initiative i where {keep}"
    )
}

/// The state of each initiative of `scope` on `$2` (as [`as_of_query`]), as
/// one SQLite text: a JSON array of one array of `columns` per initiative,
/// in no particular order.
///
/// What the whole portfolio's state costs in SQLite is not the seeks (about
/// 20 ms for 5,000 initiatives over 2.6 million updates) but taking the
/// answer out of it: sqlx's SQLite driver copies every value of every row
/// and hands each row across from its worker thread, as much again for
/// 5,000 rows of 12 values. One value, built by SQLite's JSON functions and
/// parsed by serde_json, costs a fraction of that.
fn sqlite_as_of_json(scope: Scope, columns: &str) -> String {
    let (with, keep) = scope.sql("i.id");
    format!(
        "{with} select json_group_array(json_array({columns})) from status_update where id in ({})",
        sqlite_latest_ids(&keep)
    )
}

/// The state of each initiative in `scope` as of `date`, narrative
/// included. Initiatives without an update by then are left out.
pub async fn states_as_of(
    db: &Db,
    scope: Scope,
    date: NaiveDate,
) -> Result<Vec<StatusUpdate>, StoreError> {
    let sql = as_of_query(db.backend(), scope, STATUS_UPDATE_COLUMNS);
    let rows: Vec<StatusUpdateRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(scope.root()).bind(date).fetch_all(p).await)?;
    rows.into_iter().map(StatusUpdate::try_from).collect()
}

/// The figures of each initiative's state in `scope` as of `date` (no
/// narrative): what portfolio views, roll-ups and comparisons read.
pub async fn summaries_as_of(
    db: &Db,
    scope: Scope,
    date: NaiveDate,
) -> Result<Vec<StateSummary>, StoreError> {
    let rows: Vec<StateSummaryRow> = match db {
        Db::Sqlite(pool) => {
            let sql = sqlite_as_of_json(scope, STATE_SUMMARY_COLUMNS);
            let json: String = sqlx::query_scalar(&sql)
                .bind(scope.root())
                .bind(date)
                .fetch_one(pool)
                .await?;
            let mut rows: Vec<StateSummaryRow> =
                serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            rows.sort_unstable_by_key(|r| r.initiative_id);
            rows
        }
        Db::Postgres(pool) => {
            let sql = as_of_query(Backend::Postgres, scope, STATE_SUMMARY_COLUMNS);
            sqlx::query_as(&sql)
                .bind(scope.root())
                .bind(date)
                .fetch_all(pool)
                .await?
        }
    };
    rows.into_iter().map(StateSummary::try_from).collect()
}

/// The figures of one initiative's state as of `date` (its latest
/// effective update by then), or `None` when it had no update by then.
pub async fn summary_as_of(
    db: &Db,
    id: InitiativeId,
    date: NaiveDate,
) -> Result<Option<StateSummary>, StoreError> {
    Ok(summaries_as_of(db, Scope::Subtree(id), date)
        .await?
        .into_iter()
        .find(|s| s.initiative_id == id))
}

/// The subtree under `root` rolled up as of `date`.
pub async fn rollup(
    db: &Db,
    root: InitiativeId,
    date: NaiveDate,
) -> Result<Option<Rollup>, StoreError> {
    rollup_within(db, root, &Reach::All, date).await
}

/// The roll-up of the initiatives under `root` that `reach` includes (an
/// initiative left out takes its subtree with it).
pub async fn rollup_within(
    db: &Db,
    root: InitiativeId,
    reach: &Reach,
    date: NaiveDate,
) -> Result<Option<Rollup>, StoreError> {
    let scope = Scope::Subtree(root);
    let (with, keep) = scope.sql("id");
    let sql = format!("{with} select id, parent_id, weight from initiative where {keep}");
    let nodes: Vec<(i64, Option<i64>, f64)> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(root.0).fetch_all(p).await)?;
    let mut states: HashMap<InitiativeId, OwnState> = summaries_as_of(db, scope, date)
        .await?
        .into_iter()
        .map(|u| {
            (
                u.initiative_id,
                OwnState {
                    status: u.status,
                    health: u.health.overall,
                    percent_complete: u.percent_complete,
                },
            )
        })
        .collect();
    let inputs: Vec<RollupInput> = nodes
        .into_iter()
        .filter(|(id, _, _)| reach.includes(InitiativeId(*id)))
        .map(|(id, parent, weight)| RollupInput {
            id: InitiativeId(id),
            parent_id: parent.map(InitiativeId),
            weight,
            state: states.remove(&InitiativeId(id)),
        })
        .collect();
    Ok(history::rollup(root, &inputs))
}

/// The status periods of the leaves of `scope` (the measures of a strategy,
/// the projects of a programme: initiatives without children).
pub async fn leaf_status_periods(
    db: &Db,
    scope: Scope,
) -> Result<Vec<(InitiativeId, StatusPeriod)>, StoreError> {
    let (with, keep) = scope.sql("p.initiative_id");
    let sql = format!(
        "{with} select p.initiative_id, p.valid_from, p.valid_until, p.status, p.health \
         from status_period p \
         where {keep} and not exists (select 1 from initiative c where c.parent_id = p.initiative_id)"
    );
    let rows: Vec<(i64, NaiveDate, Option<NaiveDate>, String, String)> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(scope.root()).fetch_all(p).await)?;
    rows.into_iter()
        .map(|(id, valid_from, valid_until, status, health)| {
            let status = Status::parse("status", &status).map_err(corrupt)?;
            let health = Health::parse("health", &health).map_err(corrupt)?;
            Ok((
                InitiativeId(id),
                StatusPeriod {
                    valid_from,
                    valid_until,
                    status,
                    health,
                },
            ))
        })
        .collect()
}

/// The sweep's changes over the status periods of the leaves of `scope`,
/// summed by the database: for each date and status, how many periods
/// start on it less how many end on it. A completion series needs these
/// alone, and they are few (a date and status each) where the periods are
/// many: the generated portfolio's 37,000 periods are 1,640 changes.
pub async fn leaf_status_changes(
    db: &Db,
    scope: Scope,
) -> Result<Vec<(NaiveDate, Status, i64)>, StoreError> {
    let (with, keep) = scope.sql("p.initiative_id");
    let leaves = format!(
        "from status_period p where {keep} \
         and not exists (select 1 from initiative c where c.parent_id = p.initiative_id)"
    );
    let sql = format!(
        "{with} select d, s, cast(sum(n) as bigint) from ( \
           select p.valid_from as d, p.status as s, count(*) as n {leaves} \
           group by p.valid_from, p.status \
           union all \
           select p.valid_until as d, p.status as s, -count(*) as n {leaves} \
           and p.valid_until is not null group by p.valid_until, p.status \
         ) changes group by d, s"
    );
    let rows: Vec<(NaiveDate, String, i64)> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(scope.root()).fetch_all(p).await)?;
    rows.into_iter()
        .map(|(date, status, n)| Ok((date, Status::parse("status", &status).map_err(corrupt)?, n)))
        .collect()
}

/// How many leaves of `scope` were in each status at each date from `from`
/// to `to`, every week, month or quarter.
pub async fn completion_series(
    db: &Db,
    scope: Scope,
    from: NaiveDate,
    to: NaiveDate,
    interval: Interval,
) -> Result<Vec<SeriesPoint>, StoreError> {
    let changes = leaf_status_changes(db, scope).await?;
    let dates = history::series_dates(from, to, interval);
    Ok(history::completion_series_from_changes(changes, &dates))
}

/// The milestones of `scope` as planned on `date` (those that existed then),
/// or as planned now when `date` is `None`.
pub async fn milestones(
    db: &Db,
    scope: Scope,
    date: Option<NaiveDate>,
) -> Result<Vec<Milestone>, StoreError> {
    let (with, keep) = scope.sql("m.initiative_id");
    let sql = format!(
        "{with} select m.id, m.initiative_id, m.title_fr, m.title_en, m.baseline_date, r.forecast_date, \
         r.actual_date from milestone m join milestone_revision r on r.id = ( \
           select r2.id from milestone_revision r2 where r2.milestone_id = m.id and r2.decided_on <= $2 \
           order by r2.decided_on desc, r2.id desc limit 1) \
         where {keep} order by r.forecast_date, m.id"
    );
    // "Now" is a far date both databases compare as a date (SQLite compares
    // dates as text, so it must have four digits).
    let date = date.unwrap_or(NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid date"));
    let rows: Vec<MilestoneRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(scope.root()).bind(date).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(Milestone::from)
        // An actual date after `date` was not known on `date`.
        .map(|mut m| {
            m.actual_date = m.actual_date.filter(|a| *a <= date);
            m
        })
        .collect())
}

/// A milestone with every plan it has had, oldest first.
pub async fn milestone_history(
    db: &Db,
    id: MilestoneId,
) -> Result<Option<(Milestone, Vec<MilestoneRevision>)>, StoreError> {
    let sql = format!("{MILESTONE_SELECT} where m.id = $1");
    let row: Option<MilestoneRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id.0).fetch_optional(p).await)?;
    let Some(row) = row else { return Ok(None) };
    const REVISIONS: &str = "select id, milestone_id, decided_on, forecast_date, actual_date, reason_fr, reason_en, \
         author, recorded_at from milestone_revision where milestone_id = $1 order by decided_on, id";
    let revisions: Vec<MilestoneRevisionRow> =
        on_pool!(db, p => sqlx::query_as(REVISIONS).bind(id.0).fetch_all(p).await)?;
    Ok(Some((
        row.into(),
        revisions.into_iter().map(Into::into).collect(),
    )))
}

pub async fn indicators(db: &Db, scope: Scope) -> Result<Vec<Indicator>, StoreError> {
    let (with, keep) = scope.sql("initiative_id");
    let sql = format!("{with} select {INDICATOR_COLUMNS} from indicator where {keep} order by initiative_id, code");
    let rows: Vec<IndicatorRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(scope.root()).fetch_all(p).await)?;
    rows.into_iter().map(Indicator::try_from).collect()
}

/// An indicator, or `None` when there is no such id.
pub async fn indicator(db: &Db, id: IndicatorId) -> Result<Option<Indicator>, StoreError> {
    let sql = format!("select {INDICATOR_COLUMNS} from indicator where id = $1");
    let row: Option<IndicatorRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id.0).fetch_optional(p).await)?;
    row.map(Indicator::try_from).transpose()
}

/// An indicator's measured values (the latest recorded for each date) and
/// its planned path from baseline to target, at the same dates.
pub async fn indicator_series(
    db: &Db,
    id: IndicatorId,
) -> Result<Option<IndicatorSeries>, StoreError> {
    let Some(indicator) = indicator(db, id).await? else {
        return Ok(None);
    };
    const VALUES: &str = "select measured_on, value from indicator_value where indicator_id = $1 order by measured_on, id";
    let values: Vec<(NaiveDate, f64)> =
        on_pool!(db, p => sqlx::query_as(VALUES).bind(id.0).fetch_all(p).await)?;
    Ok(Some(history::indicator_series(indicator, values)))
}

/// Every value recorded for an indicator, as recorded (notes, author, time):
/// by date, then in recording order, so a later value for a date follows
/// the one it replaces.
pub async fn indicator_values(db: &Db, id: IndicatorId) -> Result<Vec<IndicatorValue>, StoreError> {
    const SQL: &str =
        "select id, indicator_id, measured_on, value, note_fr, note_en, author, recorded_at \
         from indicator_value where indicator_id = $1 order by measured_on, id";
    let rows: Vec<IndicatorValueRow> =
        on_pool!(db, p => sqlx::query_as(SQL).bind(id.0).fetch_all(p).await)?;
    Ok(rows.into_iter().map(IndicatorValue::from).collect())
}

/// What changed under `scope` between `from` and `to`.
pub async fn changes_between(
    db: &Db,
    scope: Scope,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Changes, StoreError> {
    Ok(history::changes_between(
        &snapshot(db, scope, from).await?,
        &snapshot(db, scope, to).await?,
    ))
}

async fn snapshot(db: &Db, scope: Scope, date: NaiveDate) -> Result<Snapshot, StoreError> {
    let states = summaries_as_of(db, scope, date).await?;
    let milestones = milestones(db, scope, Some(date)).await?;
    Ok(Snapshot {
        date,
        states: states
            .into_iter()
            .map(|u| (u.initiative_id, (u.status, u.health.overall)))
            .collect(),
        forecasts: milestones
            .into_iter()
            .map(|m| (m.id, (m.initiative_id, m.forecast_date)))
            .collect(),
    })
}

/// How many initiatives are stored (archived ones included).
pub async fn initiative_count(db: &Db) -> Result<i64, StoreError> {
    Ok(on_pool!(db, p => sqlx::query_scalar("select count(*) from initiative").fetch_one(p).await)?)
}

/// An initiative as it was at `version`, from the audit log (which holds
/// every version as written): what an editor started from when their save
/// meets a newer version.
pub async fn initiative_at_version(
    db: &Db,
    id: InitiativeId,
    version: i64,
) -> Result<Option<Initiative>, StoreError> {
    const SQL: &str = "select after_json from audit_log \
         where entity = 'initiative' and entity_id = $1 and after_json is not null order by id";
    let rows: Vec<String> =
        on_pool!(db, p => sqlx::query_scalar(SQL).bind(id.0).fetch_all(p).await)?;
    for json in rows {
        let initiative: Initiative =
            serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if initiative.version == version {
            return Ok(Some(initiative));
        }
    }
    Ok(None)
}

/// One page of the audit trail, newest first, narrowed by `filter`.
pub async fn audit_trail(db: &Db, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
    // Each condition is fixed text; only its value is bound, in order.
    let mut conditions: Vec<String> = Vec::new();
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    if filter.actor.is_some() {
        conditions.push(format!("lower(actor) like {}", next()));
    }
    if filter.via.is_some() {
        conditions.push(format!("via = {}", next()));
    }
    if filter.entity.is_some() {
        conditions.push(format!("entity = {}", next()));
    }
    if filter.entity_id.is_some() {
        conditions.push(format!("entity_id = {}", next()));
    }
    if filter.from.is_some() {
        conditions.push(format!("at >= {}", next()));
    }
    if filter.to.is_some() {
        conditions.push(format!("at < {}", next()));
    }
    if filter.before_id.is_some() {
        conditions.push(format!("id < {}", next()));
    }
    let sql = format!(
        "select id, at, actor, via, action, entity, entity_id, before_json, after_json \
         from audit_log {} order by id desc limit {AUDIT_PAGE}",
        if conditions.is_empty() {
            String::new()
        } else {
            format!("where {}", conditions.join(" and "))
        }
    );
    let start_of = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    type Row = (
        i64,
        chrono::DateTime<chrono::Utc>,
        String,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = on_pool!(db, p => {
        let mut q = sqlx::query_as(&sql);
        if let Some(actor) = &filter.actor {
            q = q.bind(format!("%{}%", actor.to_lowercase()));
        }
        if let Some(via) = filter.via {
            q = q.bind(via.as_str());
        }
        if let Some(entity) = &filter.entity {
            q = q.bind(entity.clone());
        }
        if let Some(id) = filter.entity_id {
            q = q.bind(id);
        }
        if let Some(from) = filter.from {
            q = q.bind(start_of(from));
        }
        if let Some(to) = filter.to {
            q = q.bind(start_of(to.succ_opt().unwrap_or(to)));
        }
        if let Some(before) = filter.before_id {
            q = q.bind(before);
        }
        q.fetch_all(p).await
    })?;
    // An appended status update's row names it without a copy of it.
    let names_an_update =
        |entity: &str, action: &str| entity == "status_update" && action == "append";
    let copyless: Vec<i64> = rows
        .iter()
        .filter(|r| names_an_update(&r.5, &r.4) && r.8.is_none())
        .filter_map(|r| r.6)
        .collect();
    let appended = appended_updates(db, &copyless).await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, at, actor, via, action, entity, entity_id, before, after)| AuditEntry {
                after: after.or_else(|| {
                    names_an_update(&entity, &action)
                        .then(|| entity_id.and_then(|u| appended.get(&u).cloned()))
                        .flatten()
                }),
                id,
                at,
                actor,
                via: Via::parse("via", &via).ok(),
                action,
                entity,
                entity_id,
                before,
            },
        )
        .collect())
}

/// The status updates `ids` that audit rows appended without a copy
/// (written since appends stopped copying them: the row appended is never
/// changed), as the JSON the trail shows in the copy's place.
async fn appended_updates(db: &Db, ids: &[i64]) -> Result<HashMap<i64, String>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // At most a page of ids (`AUDIT_PAGE`).
    let found: Vec<StatusUpdateRow> = on_pool!(db, p => {
        let mut q = sqlx::QueryBuilder::new(format!(
            "select {STATUS_UPDATE_COLUMNS} from status_update where id in ("
        ));
        let mut list = q.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        q.push(")");
        q.build_query_as().fetch_all(p).await
    })?;
    found
        .into_iter()
        .map(|row| {
            let update = StatusUpdate::try_from(row)?;
            let json =
                serde_json::to_string(&update).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok((update.id.0, json))
        })
        .collect()
}
