//! `POST /initiatives/{id}/updates`: a dated status update, appended to the
//! initiative's history (a correction supersedes an earlier update, never
//! overwrites it).

use super::auth::Editor;
use super::body::{Field, Reader, Unknown};
use super::created;
use super::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use super::schema;
use app::domain::public::PublicStatusUpdate;
use app::domain::{Health, Money, Status, StatusUpdate, StatusUpdateForm};
use app::state::AppState;
use app::store::write;
use axum::extract::State;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A status update. Amounts are in dollars (at most two decimals). At-risk
/// or off-track health (overall or by dimension) requires `issues_fr` or
/// `issues_en`.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NewStatusUpdate {
    /// The date the update describes.
    #[schema(value_type = String, format = Date, required = true, example = "2017-10-31")]
    #[serde(default)]
    pub as_of: Field,
    #[schema(schema_with = schema::status, required = true)]
    #[serde(default)]
    pub status: Field,
    #[schema(schema_with = schema::health, required = true)]
    #[serde(default)]
    pub health: Field,
    #[schema(schema_with = schema::optional_health)]
    #[serde(default)]
    pub schedule_health: Field,
    #[schema(schema_with = schema::optional_health)]
    #[serde(default)]
    pub cost_health: Field,
    #[schema(schema_with = schema::optional_health)]
    #[serde(default)]
    pub scope_health: Field,
    /// A whole number from 0 to 100.
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100, example = 40)]
    #[serde(default)]
    pub percent_complete: Field,
    /// Dollars.
    #[schema(value_type = Option<f64>, minimum = 0, example = 150000000)]
    #[serde(default)]
    pub approved_budget: Field,
    /// Dollars.
    #[schema(value_type = Option<f64>, minimum = 0)]
    #[serde(default)]
    pub spent_to_date: Field,
    /// Dollars.
    #[schema(value_type = Option<f64>, minimum = 0)]
    #[serde(default)]
    pub forecast_at_completion: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub accomplishments_fr: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub accomplishments_en: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub next_steps_fr: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub next_steps_en: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub issues_fr: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub issues_en: Field,
    /// Internal: never shown to the public.
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub internal_note: Field,
    /// The id of an earlier update of this initiative that this one corrects.
    #[schema(value_type = Option<i64>)]
    #[serde(default)]
    pub supersedes: Field,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: Unknown,
}

/// A status update: where an initiative stood on a date. Append-only: a
/// correction is a new update whose `supersedes` names the one it replaces
/// (which stays in the history). `internal_note` and `author` are sent to
/// token callers only, never to the public.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusUpdateResource {
    /// Its identifier.
    pub id: i64,
    /// The initiative it describes.
    pub initiative_id: i64,
    /// The date it describes (`YYYY-MM-DD`): the state of the initiative on
    /// that date, until a later update.
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
    /// Accomplishments since the previous update, in French.
    pub accomplishments_fr: String,
    /// Accomplishments since the previous update, in English.
    pub accomplishments_en: String,
    /// Next steps, in French.
    pub next_steps_fr: String,
    /// Next steps, in English.
    pub next_steps_en: String,
    /// Issues and needs, in French.
    pub issues_fr: String,
    /// Issues and needs, in English.
    pub issues_en: String,
    /// Token callers only: the internal note (`null` when there is none).
    #[schema(value_type = Option<String>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_note: Option<Option<String>>,
    /// Token callers only: the e-mail address of the account that recorded it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// When it was recorded (UTC, RFC 3339).
    pub recorded_at: DateTime<Utc>,
    /// The earlier update of the same initiative that this one corrects.
    pub supersedes: Option<i64>,
}

impl From<&PublicStatusUpdate> for StatusUpdateResource {
    /// The public's view: no internal note, no author.
    fn from(u: &PublicStatusUpdate) -> Self {
        let n = &u.narrative;
        StatusUpdateResource {
            id: u.id.0,
            initiative_id: u.initiative_id.0,
            as_of: u.as_of,
            status: u.status,
            health: u.health.overall,
            schedule_health: u.health.schedule,
            cost_health: u.health.cost,
            scope_health: u.health.scope,
            percent_complete: u.percent_complete.map(|p| p.get()),
            approved_budget: u.budget.approved.map(Money::dollars),
            spent_to_date: u.budget.spent_to_date.map(Money::dollars),
            forecast_at_completion: u.budget.forecast_at_completion.map(Money::dollars),
            accomplishments_fr: n.accomplishments.fr.clone(),
            accomplishments_en: n.accomplishments.en.clone(),
            next_steps_fr: n.next_steps.fr.clone(),
            next_steps_en: n.next_steps.en.clone(),
            issues_fr: n.issues.fr.clone(),
            issues_en: n.issues.en.clone(),
            internal_note: None,
            author: None,
            recorded_at: u.recorded_at,
            supersedes: u.supersedes.map(|s| s.0),
        }
    }
}

impl From<&StatusUpdate> for StatusUpdateResource {
    /// A token caller's view: the public fields, the internal note and the author.
    fn from(u: &StatusUpdate) -> Self {
        StatusUpdateResource {
            internal_note: Some(u.internal_note.clone()),
            author: Some(u.author.clone()),
            ..StatusUpdateResource::from(&PublicStatusUpdate::from(u))
        }
    }
}

/// Records a status update of an initiative.
#[utoipa::path(
    post,
    path = "/api/v1/initiatives/{id}/updates",
    tag = "status updates",
    request_body = NewStatusUpdate,
    params(("id" = i64, Path, description = "The initiative")),
    responses(
        (status = 201, description = "Recorded", body = StatusUpdateResource, headers(
            ("Location" = String, description = "The address of the new update"),
        )),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 403, description = "The account may not write", body = ErrorBody),
        (status = 404, description = "No such initiative", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
        (status = 422, description = "Invalid fields; nothing was stored", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Editor(caller): Editor,
    ApiPath(id): ApiPath,
    ApiJson(body): ApiJson<NewStatusUpdate>,
) -> Result<Response, ApiError> {
    let mut reader = Reader::default();
    let mut form = StatusUpdateForm {
        initiative_id: id.to_string(),
        ..Default::default()
    };
    let b = &body;
    reader.date(&mut form.as_of, "as_of", &b.as_of);
    reader.text(&mut form.status, "status", &b.status);
    reader.text(&mut form.health, "health", &b.health);
    reader.text(
        &mut form.schedule_health,
        "schedule_health",
        &b.schedule_health,
    );
    reader.text(&mut form.cost_health, "cost_health", &b.cost_health);
    reader.text(&mut form.scope_health, "scope_health", &b.scope_health);
    reader.number(
        &mut form.percent_complete,
        "percent_complete",
        &b.percent_complete,
    );
    reader.number(
        &mut form.approved_budget,
        "approved_budget",
        &b.approved_budget,
    );
    reader.number(&mut form.spent_to_date, "spent_to_date", &b.spent_to_date);
    reader.number(
        &mut form.forecast_at_completion,
        "forecast_at_completion",
        &b.forecast_at_completion,
    );
    reader.text(
        &mut form.accomplishments_fr,
        "accomplishments_fr",
        &b.accomplishments_fr,
    );
    reader.text(
        &mut form.accomplishments_en,
        "accomplishments_en",
        &b.accomplishments_en,
    );
    reader.text(&mut form.next_steps_fr, "next_steps_fr", &b.next_steps_fr);
    reader.text(&mut form.next_steps_en, "next_steps_en", &b.next_steps_en);
    reader.text(&mut form.issues_fr, "issues_fr", &b.issues_fr);
    reader.text(&mut form.issues_en, "issues_en", &b.issues_en);
    reader.text(&mut form.internal_note, "internal_note", &b.internal_note);
    reader.number(&mut form.supersedes, "supersedes", &b.supersedes);
    reader.unknown(&b.unknown);
    let draft = reader.finish(|| form.parse())?;

    let mut tx = state.db.begin().await?;
    let update = write::record_status_update(&mut tx, caller.actor(), &draft)
        .await
        .map_err(|e| ApiError::from_store(e, Some(("initiative_id", "initiative", id))))?;
    tx.commit().await?;

    let location = format!("/api/v1/initiatives/{id}/updates/{}", update.id);
    Ok(created(&location, &StatusUpdateResource::from(&update)))
}
