//! The audit trail as it is read: one row per change, and the filters an
//! administrator or an executive narrows it with.

use super::kinds::Via;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One recorded change: who, when, through what, and the values before and
/// after (as JSON, exactly as written in the change's transaction).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// `None` for rows written before the channel was recorded.
    pub via: Option<Via>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What to show of the trail; every filter is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// Part of the actor's name or e-mail address.
    pub actor: Option<String>,
    pub via: Option<Via>,
    /// initiative, status_update, milestone, indicator, indicator_value, account…
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    /// From this day (inclusive), to this day (inclusive), in UTC.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Entries older than this id (the next page).
    pub before_id: Option<i64>,
}

/// How many entries one page of the trail shows.
pub const AUDIT_PAGE: i64 = 100;
