//! The reading side of the API, which is also the open data:
//! `GET /initiatives` (JSON), `GET /initiatives.csv`, `GET /initiatives/{id}`,
//! `GET /initiatives/{id}/updates` and `GET /indicators/{id}/values`.
//!
//! Each answers its [`Audience`]. The public (no `Authorization` header)
//! reads what `app::store::public` gives: the initiatives the public may
//! see, with their public fields only; an initiative it may not see is a
//! 404, exactly like one that does not exist. A bearer token reads
//! everything, internal initiatives and internal fields included. Answers
//! to the public may be cached by anyone for a minute; answers to a token
//! are private and never stored.
//!
//! This module decides no visibility itself: it maps what the store gives
//! each audience to the wire.

use super::auth::Audience;
use super::error::{ApiError, ApiPath, ErrorBody};
use super::indicators::{IndicatorResource, IndicatorValueResource};
use super::initiatives::{etag, existing};
use super::schema;
use super::updates::StatusUpdateResource;
use app::domain::public::{effective_values, PublicInitiative, PublicState};
use app::domain::{
    parse_date, Code, FieldError, Health, IndicatorId, Initiative, InitiativeId, InitiativeKind,
    Money, OrganisationId, Problem, StateSummary, Status, Visibility,
};
use app::state::AppState;
use app::store::read::{self, Scope};
use app::store::{public, Db};
use app::transfer::CsvWriter;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// `Cache-Control` of an answer to the public: the render cache's (anyone
/// may keep it, asking again after a second).
const PUBLIC_CACHE: &str = crate::cache::CACHE_CONTROL;
/// `Cache-Control` of an answer to a token: never stored.
const PRIVATE_CACHE: &str = "private, no-store";

/// `response` with the caching its audience allows. The answer depends on
/// `Authorization`, so caches must keep the public's apart (`Vary`).
fn answer(audience: &Audience, response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    let cache = if audience.is_public() {
        PUBLIC_CACHE
    } else {
        PRIVATE_CACHE
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("authorization"));
    response
}

/// `?as_of=YYYY-MM-DD`: the date states are read on, today (UTC) when
/// absent; anything else (empty included) is a 400 naming `as_of`.
pub struct AsOf(pub NaiveDate);

impl<S: Send + Sync> FromRequestParts<S> for AsOf {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        #[derive(Deserialize)]
        struct Params {
            as_of: Option<String>,
        }
        let Query(params) = Query::<Params>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| {
                ApiError::BadQuery(
                    FieldError::new(
                        "as_of",
                        Problem::Malformed {
                            value: rejection.body_text(),
                            expected: "a date (YYYY-MM-DD)".into(),
                        },
                    )
                    .into(),
                )
            })?;
        match params.as_of {
            None => Ok(AsOf(chrono::Utc::now().date_naive())),
            Some(text) => parse_date("as_of", &text)
                .map(AsOf)
                .map_err(|e| ApiError::BadQuery(e.into())),
        }
    }
}

/// The state of an initiative on a date: what its latest status update by
/// then says (corrections replace what they correct).
#[derive(Debug, Serialize, ToSchema)]
pub struct StateEntry {
    /// The date of the status update the state comes from (`YYYY-MM-DD`).
    pub as_of: NaiveDate,
    #[schema(schema_with = schema::status)]
    pub status: Status,
    #[schema(schema_with = schema::health)]
    pub health: Health,
    /// Health of the schedule, when reported.
    #[schema(schema_with = schema::optional_health)]
    pub schedule_health: Option<Health>,
    /// Health of the costs, when reported.
    #[schema(schema_with = schema::optional_health)]
    pub cost_health: Option<Health>,
    /// Health of the scope, when reported.
    #[schema(schema_with = schema::optional_health)]
    pub scope_health: Option<Health>,
    /// Percent complete: a whole number from 0 to 100; `null` when the
    /// report gave none.
    #[schema(minimum = 0, maximum = 100)]
    pub percent_complete: Option<u8>,
    /// Approved budget, in dollars (CAD, two decimals at most).
    pub approved_budget: Option<f64>,
    /// Spent to date, in dollars.
    pub spent_to_date: Option<f64>,
    /// Forecast cost at completion, in dollars.
    pub forecast_at_completion: Option<f64>,
}

impl From<&PublicState> for StateEntry {
    fn from(s: &PublicState) -> Self {
        StateEntry {
            as_of: s.as_of,
            status: s.status,
            health: s.health.overall,
            schedule_health: s.health.schedule,
            cost_health: s.health.cost,
            scope_health: s.health.scope,
            percent_complete: s.percent_complete.map(|p| p.get()),
            approved_budget: s.budget.approved.map(Money::dollars),
            spent_to_date: s.budget.spent_to_date.map(Money::dollars),
            forecast_at_completion: s.budget.forecast_at_completion.map(Money::dollars),
        }
    }
}

/// An initiative with its state on a date. The fields marked "token
/// callers only" are absent from the public's answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct InitiativeEntry {
    /// Its identifier (stable).
    pub id: i64,
    /// The initiative it belongs to (a strategy holds areas, an area
    /// measures, a programme projects); `null` for a root. For the public,
    /// also `null` when the parent is not published: the initiative is then
    /// shown as a root.
    pub parent_id: Option<i64>,
    #[schema(schema_with = schema::kind)]
    pub kind: InitiativeKind,
    /// Its code, unique among its siblings (e.g. `M-12`).
    pub code: String,
    /// Its title, in French.
    pub title_fr: String,
    /// Its title, in English.
    pub title_en: String,
    /// Its description, in French (may be empty).
    pub description_fr: String,
    /// Its description, in English (may be empty).
    pub description_en: String,
    /// The code of the organisation (public body) that owns it.
    pub organisation_code: Option<String>,
    /// The codes of its themes (e.g. `digital_government`, `cybersecurity`).
    pub themes: Vec<String>,
    /// When it started or starts (`YYYY-MM-DD`).
    pub start_date: Option<NaiveDate>,
    /// When it is to be completed (`YYYY-MM-DD`).
    pub target_date: Option<NaiveDate>,
    /// Its weight in its parent's roll-up, from 0 to 1000 (1 by default).
    pub weight: f64,
    /// Its state on the date asked (`as_of`, today by default); `null`
    /// when it had no status update by then.
    pub state: Option<StateEntry>,
    /// Token callers only: the id of the owning organisation.
    #[schema(value_type = Option<i64>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Option<i64>>,
    /// Token callers only: the id of the responsible contact.
    #[schema(value_type = Option<i64>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<Option<i64>>,
    /// Token callers only.
    #[schema(schema_with = schema::visibility)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// Token callers only: called out as a priority in the
    /// information-sharing report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<bool>,
    /// Token callers only: archived initiatives are never public.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
    /// Token callers only: its version, also its `ETag` (send it back in
    /// `If-Match` to change it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

impl From<&PublicInitiative> for InitiativeEntry {
    /// The public's view: public fields only.
    fn from(p: &PublicInitiative) -> Self {
        InitiativeEntry {
            id: p.id.0,
            parent_id: p.parent_id.map(|id| id.0),
            kind: p.kind,
            code: p.code.to_string(),
            title_fr: p.title.fr.clone(),
            title_en: p.title.en.clone(),
            description_fr: p.description.fr.clone(),
            description_en: p.description.en.clone(),
            organisation_code: p.organisation.as_ref().map(ToString::to_string),
            themes: p.themes.iter().map(ToString::to_string).collect(),
            start_date: p.dates.start(),
            target_date: p.dates.end(),
            weight: p.weight.get(),
            state: p.state.as_ref().map(StateEntry::from),
            organisation_id: None,
            contact_id: None,
            visibility: None,
            priority: None,
            archived: None,
            version: None,
        }
    }
}

impl InitiativeEntry {
    /// A token caller's view of `initiative`: every field, its real parent.
    fn full(
        initiative: &Initiative,
        organisation: Option<Code>,
        state: Option<&StateSummary>,
    ) -> Self {
        let fields = PublicInitiative::fields_of(
            initiative,
            initiative.parent_id,
            organisation,
            state.map(PublicState::from),
        );
        InitiativeEntry {
            organisation_id: Some(initiative.organisation_id.map(|o| o.0)),
            contact_id: Some(initiative.contact_id.map(|c| c.0)),
            visibility: Some(initiative.visibility),
            priority: Some(initiative.priority),
            archived: Some(initiative.archived),
            version: Some(initiative.version),
            ..InitiativeEntry::from(&fields)
        }
    }
}

/// An indicator and the values that count: the latest recorded for each
/// date, by date.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorValues {
    pub indicator: IndicatorResource,
    pub values: Vec<IndicatorValueResource>,
}

/// The code of each organisation, by id.
async fn organisation_codes(db: &Db) -> Result<HashMap<OrganisationId, Code>, ApiError> {
    Ok(read::organisations(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.code))
        .collect())
}

/// Every initiative `audience` may read, with its state on `date`, by id.
async fn entries(
    db: &Db,
    audience: &Audience,
    date: NaiveDate,
) -> Result<Vec<InitiativeEntry>, ApiError> {
    if audience.is_public() {
        let listed = public::initiatives(db, date).await?;
        return Ok(listed.iter().map(InitiativeEntry::from).collect());
    }
    let organisations = organisation_codes(db).await?;
    let states: HashMap<InitiativeId, StateSummary> =
        read::summaries_as_of(db, Scope::Portfolio, date)
            .await?
            .into_iter()
            .map(|s| (s.initiative_id, s))
            .collect();
    Ok(read::initiatives(db, Scope::Portfolio)
        .await?
        .iter()
        .map(|i| {
            let organisation = i
                .organisation_id
                .and_then(|o| organisations.get(&o).cloned());
            InitiativeEntry::full(i, organisation, states.get(&i.id))
        })
        .collect())
}

/// Every initiative with its state on a date.
#[utoipa::path(
    get,
    path = "/api/v1/initiatives",
    tag = "open data",
    params(("as_of" = Option<NaiveDate>, Query, description = "The date of the states (`YYYY-MM-DD`); today by default")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Every initiative the caller may read, by id: for the public, the published ones that are not archived, with their public fields; for a token, all of them, internal and archived included, with every field", body = Vec<InitiativeEntry>),
        (status = 400, description = "`as_of` is not a date", body = ErrorBody),
        (status = 401, description = "An `Authorization` header that is not a valid bearer token", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    audience: Audience,
    AsOf(date): AsOf,
) -> Result<Response, ApiError> {
    let entries = entries(&state.db, &audience, date).await?;
    Ok(answer(&audience, Json(entries)))
}

/// The columns of `/initiatives.csv`: the fields of [`InitiativeEntry`],
/// its state's flattened (an initiative without a state has them empty).
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "parent_id",
    "kind",
    "code",
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "organisation_code",
    "themes",
    "start_date",
    "target_date",
    "weight",
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
];

/// The columns a token caller gets after [`CSV_COLUMNS`].
pub const CSV_TOKEN_COLUMNS: &[&str] = &[
    "organisation_id",
    "contact_id",
    "visibility",
    "priority",
    "archived",
    "version",
];

/// The cells of `entry`, in the order of the columns (the token's last,
/// when `with_token_columns`).
fn csv_cells(entry: &InitiativeEntry, with_token_columns: bool) -> Vec<String> {
    fn cell<T: ToString>(value: Option<T>) -> String {
        value.map(|v| v.to_string()).unwrap_or_default()
    }
    let dollars = |amount: Option<f64>| amount.map(|d| format!("{d:.2}")).unwrap_or_default();
    let health = |h: Option<Health>| cell(h.map(Health::as_str));
    let state = entry.state.as_ref();
    let mut cells = vec![
        entry.id.to_string(),
        cell(entry.parent_id),
        entry.kind.as_str().to_owned(),
        entry.code.clone(),
        entry.title_fr.clone(),
        entry.title_en.clone(),
        entry.description_fr.clone(),
        entry.description_en.clone(),
        cell(entry.organisation_code.as_deref()),
        entry.themes.join(" "),
        cell(entry.start_date),
        cell(entry.target_date),
        entry.weight.to_string(),
        cell(state.map(|s| s.as_of)),
        cell(state.map(|s| s.status.as_str())),
        cell(state.map(|s| s.health.as_str())),
        health(state.and_then(|s| s.schedule_health)),
        health(state.and_then(|s| s.cost_health)),
        health(state.and_then(|s| s.scope_health)),
        cell(state.and_then(|s| s.percent_complete)),
        dollars(state.and_then(|s| s.approved_budget)),
        dollars(state.and_then(|s| s.spent_to_date)),
        dollars(state.and_then(|s| s.forecast_at_completion)),
    ];
    if with_token_columns {
        cells.extend([
            cell(entry.organisation_id.flatten()),
            cell(entry.contact_id.flatten()),
            cell(entry.visibility.map(Visibility::as_str)),
            cell(entry.priority),
            cell(entry.archived),
            cell(entry.version),
        ]);
    }
    cells
}

/// `entries` as CSV with a header line, every cell neutralised against
/// spreadsheet formulas.
fn csv_file(entries: &[InitiativeEntry], with_token_columns: bool) -> Result<Vec<u8>, ApiError> {
    let mut header = CSV_COLUMNS.to_vec();
    if with_token_columns {
        header.extend(CSV_TOKEN_COLUMNS);
    }
    let internal = |error: app::transfer::TransferError| {
        tracing::error!(%error, "open data CSV failed");
        ApiError::Internal
    };
    let mut out = CsvWriter::new(&header).map_err(internal)?;
    for entry in entries {
        let cells = csv_cells(entry, with_token_columns);
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        out.row(&cells).map_err(internal)?;
    }
    out.finish().map_err(internal)
}

/// Every initiative with its state on a date, as CSV.
#[utoipa::path(
    get,
    path = "/api/v1/initiatives.csv",
    tag = "open data",
    params(("as_of" = Option<NaiveDate>, Query, description = "The date of the states (`YYYY-MM-DD`); today by default")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The same initiatives as `GET /api/v1/initiatives`, one line each after a header line, in UTF-8. \
Columns: `id`, `parent_id`, `kind`, `code`, `title_fr`, `title_en`, `description_fr`, `description_en`, `organisation_code`, \
`themes` (codes separated by spaces), `start_date`, `target_date`, `weight`, then the state: `as_of`, `status`, `health`, \
`schedule_health`, `cost_health`, `scope_health`, `percent_complete`, `approved_budget`, `spent_to_date`, \
`forecast_at_completion` (dollars, two decimals); a token caller also gets `organisation_id`, `contact_id`, `visibility`, \
`priority`, `archived`, `version`. Codes and dates as in the JSON; an empty cell has no value. A cell that starts with \
`=`, `+`, `-`, `@`, a tab, a carriage return or `'` is prefixed with `'`, so that a spreadsheet shows it as text.",
            body = String, content_type = "text/csv; charset=utf-8"),
        (status = 400, description = "`as_of` is not a date", body = ErrorBody),
        (status = 401, description = "An `Authorization` header that is not a valid bearer token", body = ErrorBody),
    )
)]
pub async fn list_csv(
    State(state): State<AppState>,
    audience: Audience,
    AsOf(date): AsOf,
) -> Result<Response, ApiError> {
    let entries = entries(&state.db, &audience, date).await?;
    let body = csv_file(&entries, !audience.is_public())?;
    let disposition = format!("attachment; filename=\"jalons-initiatives-{date}.csv\"");
    Ok(answer(
        &audience,
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            body,
        ),
    ))
}

fn no_initiative(id: i64) -> ApiError {
    ApiError::NotFound {
        entity: "initiative",
        id,
    }
}

/// One initiative with its state on a date. A token caller also gets its
/// version as `ETag`.
#[utoipa::path(
    get,
    path = "/api/v1/initiatives/{id}",
    tag = "initiatives",
    params(
        ("id" = i64, Path, description = "The initiative"),
        ("as_of" = Option<NaiveDate>, Query, description = "The date of its state (`YYYY-MM-DD`); today by default"),
    ),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The initiative: its public fields for the public, every field for a token", body = InitiativeEntry, headers(
            ("ETag" = String, description = "Token callers only: its version, quoted; send it back in If-Match"),
        )),
        (status = 400, description = "`as_of` is not a date", body = ErrorBody),
        (status = 401, description = "An `Authorization` header that is not a valid bearer token", body = ErrorBody),
        (status = 404, description = "No such initiative, or (for the public) one that is not published or is archived", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    audience: Audience,
    ApiPath(id): ApiPath,
    AsOf(date): AsOf,
) -> Result<Response, ApiError> {
    if audience.is_public() {
        let found = public::initiative(&state.db, InitiativeId(id), date)
            .await?
            .ok_or_else(|| no_initiative(id))?;
        return Ok(answer(&audience, Json(InitiativeEntry::from(&found))));
    }
    let initiative = existing(&state, id).await?;
    let organisation = match initiative.organisation_id {
        Some(o) => organisation_codes(&state.db).await?.remove(&o),
        None => None,
    };
    let summary = read::summary_as_of(&state.db, initiative.id, date).await?;
    let entry = InitiativeEntry::full(&initiative, organisation, summary.as_ref());
    let mut response = answer(&audience, Json(entry));
    response
        .headers_mut()
        .insert(header::ETAG, etag(initiative.version));
    Ok(response)
}

/// The status updates of an initiative.
#[utoipa::path(
    get,
    path = "/api/v1/initiatives/{id}/updates",
    tag = "status updates",
    params(("id" = i64, Path, description = "The initiative")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Every status update of the initiative, corrections and corrected alike, oldest first \
(by `as_of`, then as recorded); a correction names the update it replaces in `supersedes`. The public gets the \
narrative in both languages, never the internal note nor the author", body = Vec<StatusUpdateResource>),
        (status = 401, description = "An `Authorization` header that is not a valid bearer token", body = ErrorBody),
        (status = 404, description = "No such initiative, or (for the public) one that is not published or is archived", body = ErrorBody),
    )
)]
pub async fn updates(
    State(state): State<AppState>,
    audience: Audience,
    ApiPath(id): ApiPath,
) -> Result<Response, ApiError> {
    let updates: Vec<StatusUpdateResource> = if audience.is_public() {
        public::status_updates(&state.db, InitiativeId(id))
            .await?
            .ok_or_else(|| no_initiative(id))?
            .iter()
            .map(StatusUpdateResource::from)
            .collect()
    } else {
        let initiative = existing(&state, id).await?;
        read::status_history(&state.db, initiative.id)
            .await?
            .iter()
            .map(StatusUpdateResource::from)
            .collect()
    };
    Ok(answer(&audience, Json(updates)))
}

/// An indicator with its values.
#[utoipa::path(
    get,
    path = "/api/v1/indicators/{id}/values",
    tag = "indicators",
    params(("id" = i64, Path, description = "The indicator")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The indicator (unit, direction, baseline, target) and its values: for each date \
measured, the latest value recorded, by date. The public never gets the author", body = IndicatorValues),
        (status = 401, description = "An `Authorization` header that is not a valid bearer token", body = ErrorBody),
        (status = 404, description = "No such indicator, or (for the public) one of an initiative that is not published or is archived", body = ErrorBody),
    )
)]
pub async fn indicator_values(
    State(state): State<AppState>,
    audience: Audience,
    ApiPath(id): ApiPath,
) -> Result<Response, ApiError> {
    let missing = || ApiError::NotFound {
        entity: "indicator",
        id,
    };
    let body = if audience.is_public() {
        let (indicator, values) = public::indicator(&state.db, IndicatorId(id))
            .await?
            .ok_or_else(missing)?;
        IndicatorValues {
            indicator: IndicatorResource::from(&indicator),
            values: values.iter().map(IndicatorValueResource::from).collect(),
        }
    } else {
        let indicator = read::indicator(&state.db, IndicatorId(id))
            .await?
            .ok_or_else(missing)?;
        let values = read::indicator_values(&state.db, indicator.id).await?;
        IndicatorValues {
            indicator: IndicatorResource::from(&indicator),
            values: effective_values(&values)
                .into_iter()
                .map(IndicatorValueResource::from)
                .collect(),
        }
    };
    Ok(answer(&audience, Json(body)))
}
