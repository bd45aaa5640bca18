//! `GET /api/v1/reports/information-sharing`: the information-sharing
//! report's draft as Markdown, for a bearer token of any role. The report is
//! internal: without a valid token the answer is 401, never a public one.
//! The drafting is `app::domain::report`; this module reads the query.

use super::auth::Caller;
use super::error::{ApiError, ErrorBody};
use app::domain::report::{to_markdown, ReportRequest};
use app::domain::{FieldError, Problem};
use app::state::AppState;
use app::store::reports;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

#[utoipa::path(
    get,
    path = "/api/v1/reports/information-sharing",
    tag = "reports",
    params(
        ("from" = Option<chrono::NaiveDate>, Query, description = "First day of the period (`YYYY-MM-DD`); by default the day after the same date twelve months before `to`"),
        ("to" = Option<chrono::NaiveDate>, Query, description = "Last day of the period (`YYYY-MM-DD`), not before `from`; today by default"),
        ("lang" = Option<String>, Query, description = "Language of the report: `fr` (default) or `en`"),
        ("themes" = Option<String>, Query, description = "Theme codes for the topics of interest, separated by commas (`talent,cybersecurity`); unknown codes are left out"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The information-sharing report's draft for the period, as Markdown (UTF-8): \
its title, period and generation date, then 1. accomplishments of the period (progress of each strategy or programme, \
initiatives completed, accomplishments reported, milestones reached, indicators that moved toward their target), \
2. priorities for the 12 to 36 months after it (initiatives flagged as priorities, open milestones and target dates), \
3. issues and needs at its end (issues of the current updates, initiatives at risk or off track, milestones re-planned \
later or overdue), 4. topics of interest (the `themes` asked for), each item with its date, initiative and contact, \
grouped by strategy or programme. Internal: never answered without a token.",
            body = String, content_type = "text/markdown; charset=utf-8"),
        (status = 400, description = "`from` or `to` is not a date, `from` is after `to`, `lang` is neither `fr` nor `en`, or `themes` holds a malformed code", body = ErrorBody),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
    )
)]
pub async fn information_sharing(
    State(state): State<AppState>,
    _caller: Caller,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    // A parameter given is given in full: an empty one is not "absent"
    // (the page's form may send empty fields; an API client means something).
    if let Some((name, _)) = params.iter().find(|(_, value)| value.trim().is_empty()) {
        return Err(ApiError::BadQuery(
            FieldError::new(name, Problem::Required).into(),
        ));
    }
    let get = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    let today = chrono::Utc::now().date_naive();
    let ReportRequest {
        period,
        locale,
        topics,
    } = ReportRequest::parse(get("from"), get("to"), get("lang"), get("themes"), today)
        .map_err(ApiError::BadQuery)?;
    let report = reports::draft(&state.db, period, locale, &topics, today).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        to_markdown(&report),
    )
        .into_response())
}
