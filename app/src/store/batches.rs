//! Uploaded import files, kept between their dry run and their import.

use super::{Db, StoreError};
use crate::domain::transfer::ImportBatch;
use crate::domain::transfer::ImportReport;

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub async fn insert(
    db: &Db,
    account: &str,
    file_name: &str,
    content: Option<&str>,
    report: &ImportReport,
) -> Result<i64, StoreError> {
    const SQL: &str =
        "insert into import_batch (account, file_name, content, report_json, created_at) \
                       values ($1, $2, $3, $4, $5) returning id";
    let report = json(report)?;
    Ok(on_pool!(db, p => sqlx::query_scalar(SQL)
        .bind(account).bind(file_name).bind(content).bind(&report).bind(chrono::Utc::now())
        .fetch_one(p).await)?)
}

pub async fn load(db: &Db, id: i64) -> Result<Option<(ImportBatch, Option<String>)>, StoreError> {
    const SQL: &str = "select id, account, file_name, content, report_json, applied_report_json \
                       from import_batch where id = $1";
    type Row = (i64, String, String, Option<String>, String, Option<String>);
    let row: Option<Row> = on_pool!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?;
    row.map(|(id, account, file_name, content, report, applied)| {
        Ok((
            ImportBatch {
                id,
                account,
                file_name,
                report: parse(&report)?,
                applied: applied.as_deref().map(parse).transpose()?,
            },
            content,
        ))
    })
    .transpose()
}

/// Marks the batch applied, once: `false` when it already was.
pub async fn mark_applied(db: &Db, id: i64, report: &ImportReport) -> Result<bool, StoreError> {
    const SQL: &str = "update import_batch set applied_at = $1, applied_report_json = $2 \
                       where id = $3 and applied_at is null";
    let report = json(report)?;
    let n = on_pool!(db, p => sqlx::query(SQL).bind(chrono::Utc::now()).bind(&report).bind(id)
        .execute(p).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
