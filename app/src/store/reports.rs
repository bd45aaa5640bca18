//! The information-sharing report: what its drafting reads (every
//! initiative, update, milestone plan, indicator value and contact), and its
//! saved versions (append-only, audited). The drafting itself is
//! [`crate::domain::report`]; this module holds the SQL only.

use super::read::{self, Scope};
use super::rows::*;
use super::write::record_change;
use super::{Actor, Db, StoreError, Tx};
use crate::domain::report::{Report, ReportInput, ReportPeriod, ReportVersionSummary};
use crate::domain::*;
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use leptos_i18n::Locale as _;

/// Everything the drafting reads, archived initiatives included (it leaves
/// them out itself).
pub async fn report_input(db: &Db) -> Result<ReportInput, StoreError> {
    const REVISIONS: &str = "select id, milestone_id, decided_on, forecast_date, actual_date, \
         reason_fr, reason_en, author, recorded_at from milestone_revision order by milestone_id, decided_on, id";
    const VALUES: &str = "select id, indicator_id, measured_on, value, note_fr, note_en, author, \
         recorded_at from indicator_value order by indicator_id, measured_on, id";
    let revisions: Vec<MilestoneRevisionRow> =
        on_pool!(db, p => sqlx::query_as(REVISIONS).fetch_all(p).await)?;
    let values: Vec<IndicatorValueRow> =
        on_pool!(db, p => sqlx::query_as(VALUES).fetch_all(p).await)?;
    Ok(ReportInput {
        initiatives: read::initiatives(db, Scope::Portfolio).await?,
        updates: read::status_updates(db, Scope::Portfolio).await?,
        milestones: read::milestones(db, Scope::Portfolio, None).await?,
        revisions: revisions.into_iter().map(Into::into).collect(),
        indicators: read::indicators(db, Scope::Portfolio).await?,
        values: values.into_iter().map(IndicatorValue::from).collect(),
        contacts: read::contacts(db).await?,
        themes: read::themes(db).await?,
    })
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Saves `report` as a new version, with its audit row (the data version
/// moves with it, as with every write).
pub async fn save_version(
    tx: &mut Tx,
    actor: Actor<'_>,
    report: &Report,
) -> Result<ReportVersionSummary, StoreError> {
    let json = serde_json::to_string(report).map_err(corrupt)?;
    // PostgreSQL keeps microseconds: what is returned is what reads back.
    let saved_at = Utc::now().trunc_subsecs(6);
    const SQL: &str =
        "insert into report_version (period_from, period_to, language, generated_on, \
         report_json, saved_by, saved_at) values ($1, $2, $3, $4, $5, $6, $7) returning id";
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(SQL)
        .bind(report.period.from())
        .bind(report.period.to())
        .bind(report.locale().as_str())
        .bind(report.generated_on)
        .bind(&json)
        .bind(actor.who)
        .bind(saved_at)
        .fetch_one(c)
        .await)?;
    let summary = ReportVersionSummary {
        id,
        period: report.period,
        language: report.locale().as_str().to_owned(),
        generated_on: report.generated_on,
        saved_by: actor.who.to_owned(),
        saved_at,
    };
    record_change(
        tx,
        actor,
        "create",
        "report_version",
        id,
        None::<&()>,
        Some(&(&summary, report)),
    )
    .await?;
    Ok(summary)
}

type VersionRow = (
    i64,
    NaiveDate,
    NaiveDate,
    String,
    NaiveDate,
    String,
    DateTime<Utc>,
);

fn summary(row: VersionRow) -> Result<ReportVersionSummary, StoreError> {
    let (id, from, to, language, generated_on, saved_by, saved_at) = row;
    let period = ReportPeriod::parse(&from.to_string(), &to.to_string(), to).map_err(corrupt)?;
    Ok(ReportVersionSummary {
        id,
        period,
        language,
        generated_on,
        saved_by,
        saved_at,
    })
}

const VERSION_COLUMNS: &str =
    "id, period_from, period_to, language, generated_on, saved_by, saved_at";

/// Every saved version, newest first.
pub async fn versions(db: &Db) -> Result<Vec<ReportVersionSummary>, StoreError> {
    let sql =
        format!("select {VERSION_COLUMNS} from report_version order by saved_at desc, id desc");
    let rows: Vec<VersionRow> = on_pool!(db, p => sqlx::query_as(&sql).fetch_all(p).await)?;
    rows.into_iter().map(summary).collect()
}

/// A saved version and its report, as saved; `None` for an unknown id.
pub async fn version(
    db: &Db,
    id: i64,
) -> Result<Option<(ReportVersionSummary, Report)>, StoreError> {
    let sql = format!("select {VERSION_COLUMNS}, report_json from report_version where id = $1");
    type Row = (
        i64,
        NaiveDate,
        NaiveDate,
        String,
        NaiveDate,
        String,
        DateTime<Utc>,
        String,
    );
    let row: Option<Row> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
    let Some((id, from, to, language, generated_on, saved_by, saved_at, json)) = row else {
        return Ok(None);
    };
    let report: Report = serde_json::from_str(&json).map_err(corrupt)?;
    Ok(Some((
        summary((id, from, to, language, generated_on, saved_by, saved_at))?,
        report,
    )))
}

/// The draft of `period` in `locale` with the topics `topics`, from the
/// stored data, generated on `today`.
pub async fn draft(
    db: &Db,
    period: ReportPeriod,
    locale: crate::i18n::Locale,
    topics: &[Code],
    today: NaiveDate,
) -> Result<Report, StoreError> {
    let input = report_input(db).await?;
    Ok(crate::domain::report::draft(
        &input, period, locale, topics, today,
    ))
}
