//! `POST /initiatives/{id}/indicators` and `POST /indicators/{id}/values`:
//! a measured quantity with its baseline and target, and its dated values.

use super::auth::Editor;
use super::body::{Field, Reader, Unknown};
use super::created;
use super::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use super::schema;
use app::domain::public::PublicIndicatorValue;
use app::domain::{
    optional_text, parse_date, parse_optional_date, parse_quantity, required_text, Bilingual, Code,
    DateRange, Direction, FieldError, FieldErrors, Indicator, IndicatorDraft, IndicatorId,
    IndicatorValue, IndicatorValueDraft, InitiativeId, Problem, TEXT_MAX, TITLE_MAX,
};
use app::state::AppState;
use app::store::write;
use axum::extract::State;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new indicator. A baseline (or a target) is a date and a value, both or
/// neither; the target is not dated before the baseline.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NewIndicator {
    /// Unique within the initiative.
    #[schema(value_type = String, required = true, example = "centres")]
    #[serde(default)]
    pub code: Field,
    #[schema(value_type = String, required = true, example = "Centres de traitement")]
    #[serde(default)]
    pub name_fr: Field,
    #[schema(value_type = String, required = true, example = "Data-processing centres")]
    #[serde(default)]
    pub name_en: Field,
    #[schema(value_type = Option<String>, example = "centres")]
    #[serde(default)]
    pub unit_fr: Field,
    #[schema(value_type = Option<String>, example = "centres")]
    #[serde(default)]
    pub unit_en: Field,
    #[schema(schema_with = schema::direction, required = true)]
    #[serde(default)]
    pub direction: Field,
    #[schema(value_type = Option<String>, format = Date, example = "2015-06-01")]
    #[serde(default)]
    pub baseline_date: Field,
    #[schema(value_type = Option<f64>, example = 457)]
    #[serde(default)]
    pub baseline_value: Field,
    #[schema(value_type = Option<String>, format = Date, example = "2023-03-31")]
    #[serde(default)]
    pub target_date: Field,
    #[schema(value_type = Option<f64>, example = 3)]
    #[serde(default)]
    pub target_value: Field,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: Unknown,
}

/// A dated value of an indicator; a later value for the same date replaces it.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NewIndicatorValue {
    #[schema(value_type = String, format = Date, required = true, example = "2019-03-31")]
    #[serde(default)]
    pub measured_on: Field,
    #[schema(value_type = f64, required = true, example = 42)]
    #[serde(default)]
    pub value: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub note_fr: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub note_en: Field,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: Unknown,
}

/// An indicator: a measured quantity of an initiative, with its baseline
/// and its target.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorResource {
    /// Its identifier.
    pub id: i64,
    /// The initiative it measures.
    pub initiative_id: i64,
    /// Short code, unique within the initiative (e.g. `centres`).
    pub code: String,
    /// Its name, in French.
    pub name_fr: String,
    /// Its name, in English.
    pub name_en: String,
    /// The unit of its values, in French (`centres`, `%`…); empty for a
    /// plain count.
    pub unit_fr: String,
    /// The unit of its values, in English.
    pub unit_en: String,
    #[schema(schema_with = schema::direction)]
    pub direction: Direction,
    /// The date of the baseline value.
    pub baseline_date: Option<NaiveDate>,
    /// The value at the start, in the indicator's unit.
    pub baseline_value: Option<f64>,
    /// The date the target is set for.
    pub target_date: Option<NaiveDate>,
    /// The value aimed at, in the indicator's unit.
    pub target_value: Option<f64>,
}

impl From<&Indicator> for IndicatorResource {
    fn from(i: &Indicator) -> Self {
        IndicatorResource {
            id: i.id.0,
            initiative_id: i.initiative_id.0,
            code: i.code.to_string(),
            name_fr: i.name.fr.clone(),
            name_en: i.name.en.clone(),
            unit_fr: i.unit.fr.clone(),
            unit_en: i.unit.en.clone(),
            direction: i.direction,
            baseline_date: i.baseline.map(|b| b.0),
            baseline_value: i.baseline.map(|b| b.1),
            target_date: i.target.map(|t| t.0),
            target_value: i.target.map(|t| t.1),
        }
    }
}

/// A dated value of an indicator. `author` is sent to token callers only.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorValueResource {
    /// Its identifier.
    pub id: i64,
    /// The indicator it is a value of.
    pub indicator_id: i64,
    /// The date it was measured on (`YYYY-MM-DD`).
    pub measured_on: NaiveDate,
    /// The value, in the indicator's unit.
    pub value: f64,
    /// A note on the value, in French (its source, a caveat…).
    pub note_fr: String,
    /// A note on the value, in English.
    pub note_en: String,
    /// Token callers only: the e-mail address of the account that recorded it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// When it was recorded (UTC, RFC 3339).
    pub recorded_at: DateTime<Utc>,
}

impl From<&PublicIndicatorValue> for IndicatorValueResource {
    /// The public's view: no author.
    fn from(v: &PublicIndicatorValue) -> Self {
        IndicatorValueResource {
            id: v.id.0,
            indicator_id: v.indicator_id.0,
            measured_on: v.measured_on,
            value: v.value,
            note_fr: v.note.fr.clone(),
            note_en: v.note.en.clone(),
            author: None,
            recorded_at: v.recorded_at,
        }
    }
}

impl From<&IndicatorValue> for IndicatorValueResource {
    /// A token caller's view: the public fields and the author.
    fn from(v: &IndicatorValue) -> Self {
        IndicatorValueResource {
            author: Some(v.author.clone()),
            ..IndicatorValueResource::from(&PublicIndicatorValue::from(v))
        }
    }
}

/// A dated value given as two fields: both or neither.
fn dated_value(
    e: &mut FieldErrors,
    (date_field, date): (&str, &str),
    (value_field, value): (&str, &str),
) -> Option<(NaiveDate, f64)> {
    let date_given = !date.trim().is_empty();
    let value_given = !value.trim().is_empty();
    if date_given && !value_given {
        e.push(FieldError::new(value_field, Problem::Required));
    }
    if value_given && !date_given {
        e.push(FieldError::new(date_field, Problem::Required));
    }
    let date = e.take(parse_optional_date(date_field, date)).flatten();
    let value = if value_given {
        e.take(parse_quantity(value_field, value))
    } else {
        None
    };
    date.zip(value)
}

/// Adds an indicator to an initiative.
#[utoipa::path(
    post,
    path = "/api/v1/initiatives/{id}/indicators",
    tag = "indicators",
    request_body = NewIndicator,
    params(("id" = i64, Path, description = "The initiative")),
    responses(
        (status = 201, description = "Created", body = IndicatorResource, headers(
            ("Location" = String, description = "The address of the new indicator"),
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
    ApiJson(body): ApiJson<NewIndicator>,
) -> Result<Response, ApiError> {
    let mut reader = Reader::default();
    let mut text: [String; 10] = Default::default();
    let [code, name_fr, name_en, unit_fr, unit_en, direction, baseline_date, baseline_value, target_date, target_value] =
        &mut text;
    let b = &body;
    reader.text(code, "code", &b.code);
    reader.text(name_fr, "name_fr", &b.name_fr);
    reader.text(name_en, "name_en", &b.name_en);
    reader.text(unit_fr, "unit_fr", &b.unit_fr);
    reader.text(unit_en, "unit_en", &b.unit_en);
    reader.text(direction, "direction", &b.direction);
    reader.date(baseline_date, "baseline_date", &b.baseline_date);
    reader.number(baseline_value, "baseline_value", &b.baseline_value);
    reader.date(target_date, "target_date", &b.target_date);
    reader.number(target_value, "target_value", &b.target_value);
    reader.unknown(&b.unknown);
    let draft = reader.finish(|| {
        let mut e = FieldErrors::default();
        let code = e.take(Code::parse("code", code));
        let name_fr = e.take(required_text("name_fr", name_fr, TITLE_MAX));
        let name_en = e.take(required_text("name_en", name_en, TITLE_MAX));
        let unit_fr = e.take(optional_text("unit_fr", unit_fr, TITLE_MAX));
        let unit_en = e.take(optional_text("unit_en", unit_en, TITLE_MAX));
        let direction = e.take(Direction::parse("direction", direction));
        let baseline = dated_value(
            &mut e,
            ("baseline_date", baseline_date),
            ("baseline_value", baseline_value),
        );
        let target = dated_value(
            &mut e,
            ("target_date", target_date),
            ("target_value", target_value),
        );
        e.take(DateRange::new(
            "target_date",
            baseline.map(|b| b.0),
            target.map(|t| t.0),
        ));
        e.into_result(|| IndicatorDraft {
            initiative_id: InitiativeId(id),
            code: code.unwrap(),
            name: Bilingual::new(name_fr.unwrap(), name_en.unwrap()),
            unit: Bilingual::new(
                unit_fr.flatten().unwrap_or_default(),
                unit_en.flatten().unwrap_or_default(),
            ),
            direction: direction.unwrap(),
            baseline,
            target,
        })
    })?;

    let mut tx = state.db.begin().await?;
    let indicator = write::create_indicator(&mut tx, caller.actor(), &draft)
        .await
        .map_err(|e| ApiError::from_store(e, Some(("initiative_id", "initiative", id))))?;
    tx.commit().await?;
    let location = format!("/api/v1/indicators/{}", indicator.id);
    Ok(created(&location, &IndicatorResource::from(&indicator)))
}

/// Records a dated value of an indicator.
#[utoipa::path(
    post,
    path = "/api/v1/indicators/{id}/values",
    tag = "indicators",
    request_body = NewIndicatorValue,
    params(("id" = i64, Path, description = "The indicator")),
    responses(
        (status = 201, description = "Recorded", body = IndicatorValueResource, headers(
            ("Location" = String, description = "The address of the new value"),
        )),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 403, description = "The account may not write", body = ErrorBody),
        (status = 404, description = "No such indicator", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
        (status = 422, description = "Invalid fields; nothing was stored", body = ErrorBody),
    )
)]
pub async fn record_value(
    State(state): State<AppState>,
    Editor(caller): Editor,
    ApiPath(id): ApiPath,
    ApiJson(body): ApiJson<NewIndicatorValue>,
) -> Result<Response, ApiError> {
    let mut reader = Reader::default();
    let [mut measured_on, mut value, mut note_fr, mut note_en] = Default::default();
    reader.date(&mut measured_on, "measured_on", &body.measured_on);
    reader.number(&mut value, "value", &body.value);
    reader.text(&mut note_fr, "note_fr", &body.note_fr);
    reader.text(&mut note_en, "note_en", &body.note_en);
    reader.unknown(&body.unknown);
    let draft = reader.finish(|| {
        let mut e = FieldErrors::default();
        let measured_on = e.take(parse_date("measured_on", &measured_on));
        let value = e.take(parse_quantity("value", &value));
        let note_fr = e.take(optional_text("note_fr", &note_fr, TEXT_MAX));
        let note_en = e.take(optional_text("note_en", &note_en, TEXT_MAX));
        e.into_result(|| IndicatorValueDraft {
            indicator_id: IndicatorId(id),
            measured_on: measured_on.unwrap(),
            value: value.unwrap(),
            note: Bilingual::new(
                note_fr.flatten().unwrap_or_default(),
                note_en.flatten().unwrap_or_default(),
            ),
        })
    })?;

    let mut tx = state.db.begin().await?;
    let recorded = write::record_indicator_value(&mut tx, caller.actor(), &draft)
        .await
        .map_err(|e| ApiError::from_store(e, Some(("indicator_id", "indicator", id))))?;
    tx.commit().await?;
    let location = format!("/api/v1/indicators/{id}/values/{}", recorded.id);
    Ok(created(&location, &IndicatorValueResource::from(&recorded)))
}
