//! Uploaded import files: kept with their check's report, then imported by
//! a background task that records its progress here, so that any server
//! instance can show it.

use super::{Db, StoreError};
use crate::domain::transfer::{BatchState, ImportBatch, ImportReport};
use chrono::{DateTime, Utc};

/// A running batch whose task has not reported for this long was interrupted.
pub const STALLED_AFTER_SECONDS: i64 = 30;

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A new batch, to be checked; `content` is the file's text (`None` when it
/// is not UTF-8, in which case it is checked but can never be imported).
pub async fn insert(
    db: &Db,
    account: &str,
    file_name: &str,
    content: Option<&str>,
) -> Result<i64, StoreError> {
    const SQL: &str = "insert into import_batch \
         (account, file_name, content, report_json, created_at, state, heartbeat_at) \
         values ($1, $2, $3, 'null', $4, 'checking', $4) returning id";
    Ok(on_pool!(db, p => sqlx::query_scalar(SQL)
        .bind(account).bind(file_name).bind(content).bind(Utc::now())
        .fetch_one(p).await)?)
}

/// The batch and its file's text.
pub async fn load(db: &Db, id: i64) -> Result<Option<(ImportBatch, Option<String>)>, StoreError> {
    const SQL: &str = "select id, account, file_name, content, report_json, applied_report_json, \
         state, rows_done, rows_total, heartbeat_at from import_batch where id = $1";
    type Row = (
        i64,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        String,
        i64,
        i64,
        Option<DateTime<Utc>>,
    );
    let row: Option<Row> = on_pool!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?;
    let Some((id, account, file_name, content, report, applied, state, done, total, beat)) = row
    else {
        return Ok(None);
    };
    let state = BatchState::parse(&state)
        .ok_or_else(|| StoreError::Corrupt(format!("import batch state {state:?}")))?;
    let stalled = state.running()
        && beat.is_none_or(|b| (Utc::now() - b).num_seconds() > STALLED_AFTER_SECONDS);
    Ok(Some((
        ImportBatch {
            id,
            account,
            file_name,
            state,
            rows_done: done,
            rows_total: total,
            stalled,
            report: parse(&report)?,
            applied: applied.as_deref().map(parse).transpose()?,
        },
        content,
    )))
}

/// Records how far the running task has got (and that it is alive).
pub async fn progress(db: &Db, id: i64, done: i64, total: i64) -> Result<(), StoreError> {
    const SQL: &str =
        "update import_batch set rows_done = $1, rows_total = $2, heartbeat_at = $3 where id = $4";
    on_pool!(db, p => sqlx::query(SQL).bind(done).bind(total).bind(Utc::now()).bind(id)
        .execute(p).await.map(drop))?;
    Ok(())
}

/// The check is done: its report, and the file kept only if it can be imported.
pub async fn checked(db: &Db, id: i64, report: &ImportReport) -> Result<(), StoreError> {
    const SQL: &str = "update import_batch set state = 'checked', report_json = $1, \
         content = case when $2 then content else null end, rows_done = $3, rows_total = $3 \
         where id = $4";
    let importable = report.errors.is_empty();
    let rows = report.rows as i64;
    let report = json(report)?;
    on_pool!(db, p => sqlx::query(SQL).bind(&report).bind(importable).bind(rows).bind(id)
        .execute(p).await.map(drop))?;
    Ok(())
}

/// Claims a checked, importable batch for its import: `false` when it is
/// not (already imported, being imported, or not importable), so that two
/// clicks never import a file twice.
pub async fn claim(db: &Db, id: i64) -> Result<bool, StoreError> {
    const SQL: &str =
        "update import_batch set state = 'importing', rows_done = 0, heartbeat_at = $1 \
         where id = $2 and state = 'checked' and content is not null";
    let n = on_pool!(db, p => sqlx::query(SQL).bind(Utc::now()).bind(id)
        .execute(p).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The import is over: stored (`imported`) or refused (`failed`) as its report says.
pub async fn imported(db: &Db, id: i64, report: &ImportReport) -> Result<(), StoreError> {
    const SQL: &str = "update import_batch set state = $1, applied_report_json = $2, \
         applied_at = $3, rows_done = $4, rows_total = $4 where id = $5";
    let state = if report.committed() {
        BatchState::Imported
    } else {
        BatchState::Failed
    };
    let rows = report.rows as i64;
    let report = json(report)?;
    on_pool!(db, p => sqlx::query(SQL).bind(state.as_str()).bind(&report).bind(Utc::now()).bind(rows).bind(id)
        .execute(p).await.map(drop))?;
    Ok(())
}

/// The task failed without a report (the database went away…): nothing stored.
pub async fn failed(db: &Db, id: i64) -> Result<(), StoreError> {
    const SQL: &str = "update import_batch set state = 'failed' where id = $1";
    on_pool!(db, p => sqlx::query(SQL).bind(id).execute(p).await.map(drop))?;
    Ok(())
}
