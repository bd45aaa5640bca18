//! Reads inside a writer's transaction, for a batch (the import) that
//! compares its rows with what is stored before deciding what to change.
//! They see the transaction's own writes, and on SQLite its lock keeps
//! anyone else from writing between the look and the change.

use super::rows::*;
use super::write::load_initiative;
use super::{StoreError, Tx};
use crate::domain::*;

/// An initiative with its themes, or `None` when there is no such id.
pub async fn initiative(tx: &mut Tx, id: InitiativeId) -> Result<Option<Initiative>, StoreError> {
    match load_initiative(tx, id).await {
        Ok(initiative) => Ok(Some(initiative)),
        Err(StoreError::NotFound { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Where every initiative sits: its id, its parent's and its code.
pub async fn initiative_places(
    tx: &mut Tx,
) -> Result<Vec<(InitiativeId, Option<InitiativeId>, Code)>, StoreError> {
    const SQL: &str = "select id, parent_id, code from initiative order by id";
    let rows: Vec<(i64, Option<i64>, String)> =
        on_tx!(tx, c => sqlx::query_as(SQL).fetch_all(c).await)?;
    rows.into_iter()
        .map(|(id, parent, code)| {
            let code =
                Code::parse("code", &code).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok((InitiativeId(id), parent.map(InitiativeId), code))
        })
        .collect()
}

/// A recorded status update, or `None` when there is no such id.
pub async fn status_update(
    tx: &mut Tx,
    id: StatusUpdateId,
) -> Result<Option<StatusUpdate>, StoreError> {
    let sql = format!("select {STATUS_UPDATE_COLUMNS} from status_update where id = $1");
    let row: Option<StatusUpdateRow> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(id.0).fetch_optional(c).await)?;
    row.map(StatusUpdate::try_from).transpose()
}
