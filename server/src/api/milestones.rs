//! `POST /initiatives/{id}/milestones` and `PATCH /milestones/{id}`: a
//! milestone's baseline is set once; every re-plan or actual date appends a
//! revision, so slippage can be shown.

use super::auth::Editor;
use super::body::{Field, Reader, Unknown};
use super::created;
use super::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use app::domain::{
    optional_text, parse_date, parse_optional_date, required_text, Bilingual, FieldErrors,
    InitiativeId, Milestone, MilestoneChange, MilestoneDraft, MilestoneId, TEXT_MAX, TITLE_MAX,
};
use app::state::AppState;
use app::store::{read, write};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new milestone.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NewMilestone {
    #[schema(value_type = String, required = true, example = "Mise en service")]
    #[serde(default)]
    pub title_fr: Field,
    #[schema(value_type = String, required = true, example = "Go-live")]
    #[serde(default)]
    pub title_en: Field,
    /// The original plan; it never changes.
    #[schema(value_type = String, format = Date, required = true, example = "2022-06-30")]
    #[serde(default)]
    pub baseline_date: Field,
    /// When that plan was decided (today when absent).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default)]
    pub decided_on: Field,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: Unknown,
}

/// A re-plan, or the record of the actual date. Fields absent stay as they
/// are; a new `forecast_date` needs a reason.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct MilestoneChanges {
    /// The new plan.
    #[schema(value_type = Option<String>, format = Date, example = "2023-03-31")]
    #[serde(default)]
    pub forecast_date: Field,
    /// When it was reached; `null` if it has not been after all.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default)]
    pub actual_date: Field,
    /// When the change was decided (today when absent).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default)]
    pub decided_on: Field,
    /// Required (in either language) with a new forecast.
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub reason_fr: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub reason_en: Field,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: Unknown,
}

/// A milestone with its current plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct MilestoneResource {
    pub id: i64,
    pub initiative_id: i64,
    pub title_fr: String,
    pub title_en: String,
    pub baseline_date: NaiveDate,
    pub forecast_date: NaiveDate,
    pub actual_date: Option<NaiveDate>,
    /// Days from the baseline to the actual (else forecast) date; positive is late.
    pub slippage_days: i64,
}

impl From<&Milestone> for MilestoneResource {
    fn from(m: &Milestone) -> Self {
        MilestoneResource {
            id: m.id.0,
            initiative_id: m.initiative_id.0,
            title_fr: m.title.fr.clone(),
            title_en: m.title.en.clone(),
            baseline_date: m.baseline_date,
            forecast_date: m.forecast_date,
            actual_date: m.actual_date,
            slippage_days: m.slippage_days(),
        }
    }
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// Adds a milestone to an initiative.
#[utoipa::path(
    post,
    path = "/api/v1/initiatives/{id}/milestones",
    tag = "milestones",
    request_body = NewMilestone,
    params(("id" = i64, Path, description = "The initiative")),
    responses(
        (status = 201, description = "Created", body = MilestoneResource, headers(
            ("Location" = String, description = "The address of the new milestone"),
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
    ApiJson(body): ApiJson<NewMilestone>,
) -> Result<Response, ApiError> {
    let mut reader = Reader::default();
    let [mut title_fr, mut title_en, mut baseline, mut decided] = Default::default();
    reader.text(&mut title_fr, "title_fr", &body.title_fr);
    reader.text(&mut title_en, "title_en", &body.title_en);
    reader.date(&mut baseline, "baseline_date", &body.baseline_date);
    reader.date(&mut decided, "decided_on", &body.decided_on);
    reader.unknown(&body.unknown);
    let draft = reader.finish(|| {
        let mut e = FieldErrors::default();
        let title_fr = e.take(required_text("title_fr", &title_fr, TITLE_MAX));
        let title_en = e.take(required_text("title_en", &title_en, TITLE_MAX));
        let baseline_date = e.take(parse_date("baseline_date", &baseline));
        let decided_on = e.take(parse_optional_date("decided_on", &decided));
        e.into_result(|| MilestoneDraft {
            initiative_id: InitiativeId(id),
            title: Bilingual::new(title_fr.unwrap(), title_en.unwrap()),
            baseline_date: baseline_date.unwrap(),
            decided_on: decided_on.flatten().unwrap_or_else(today),
        })
    })?;

    let mut tx = state.db.begin().await?;
    let milestone = write::create_milestone(&mut tx, caller.actor(), &draft)
        .await
        .map_err(|e| ApiError::from_store(e, Some(("initiative_id", "initiative", id))))?;
    tx.commit().await?;
    let location = format!("/api/v1/milestones/{}", milestone.id);
    Ok(created(&location, &MilestoneResource::from(&milestone)))
}

/// Re-plans a milestone or records its actual date.
#[utoipa::path(
    patch,
    path = "/api/v1/milestones/{id}",
    tag = "milestones",
    request_body = MilestoneChanges,
    params(("id" = i64, Path, description = "The milestone")),
    responses(
        (status = 200, description = "Revised (or already so)", body = MilestoneResource),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 403, description = "The account may not write", body = ErrorBody),
        (status = 404, description = "No such milestone", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
        (status = 422, description = "Invalid fields; nothing was stored", body = ErrorBody),
    )
)]
pub async fn change(
    State(state): State<AppState>,
    Editor(caller): Editor,
    ApiPath(id): ApiPath,
    ApiJson(body): ApiJson<MilestoneChanges>,
) -> Result<Response, ApiError> {
    let not_found = ApiError::NotFound {
        entity: "milestone",
        id,
    };
    let (current, _) = read::milestone_history(&state.db, MilestoneId(id))
        .await?
        .ok_or(not_found)?;
    let mut reader = Reader::default();
    let mut forecast = current.forecast_date.to_string();
    let mut actual = current
        .actual_date
        .map(|d| d.to_string())
        .unwrap_or_default();
    let [mut decided, mut reason_fr, mut reason_en] = Default::default();
    reader.date(&mut forecast, "forecast_date", &body.forecast_date);
    reader.date(&mut actual, "actual_date", &body.actual_date);
    reader.date(&mut decided, "decided_on", &body.decided_on);
    reader.text(&mut reason_fr, "reason_fr", &body.reason_fr);
    reader.text(&mut reason_en, "reason_en", &body.reason_en);
    reader.unknown(&body.unknown);
    let change = reader.finish(|| {
        let mut e = FieldErrors::default();
        let forecast_date = e.take(parse_date("forecast_date", &forecast));
        let actual_date = e.take(parse_optional_date("actual_date", &actual));
        let decided_on = e.take(parse_optional_date("decided_on", &decided));
        let reason_fr = e.take(optional_text("reason_fr", &reason_fr, TEXT_MAX));
        let reason_en = e.take(optional_text("reason_en", &reason_en, TEXT_MAX));
        e.into_result(|| MilestoneChange {
            milestone_id: MilestoneId(id),
            decided_on: decided_on.flatten().unwrap_or_else(today),
            forecast_date: forecast_date.unwrap(),
            actual_date: actual_date.flatten(),
            reason: Bilingual::new(
                reason_fr.flatten().unwrap_or_default(),
                reason_en.flatten().unwrap_or_default(),
            ),
        })
    })?;
    if change.forecast_date == current.forecast_date && change.actual_date == current.actual_date {
        return Ok(Json(MilestoneResource::from(&current)).into_response());
    }

    let mut tx = state.db.begin().await?;
    let revised = write::revise_milestone(&mut tx, caller.actor(), &change)
        .await
        .map_err(|e| ApiError::from_store(e, Some(("milestone_id", "milestone", id))))?;
    tx.commit().await?;
    Ok(Json(MilestoneResource::from(&revised)).into_response())
}
