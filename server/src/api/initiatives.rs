//! `POST /initiatives` and `PATCH /initiatives/{id}` (reading one is in
//! [`super::open_data`]).
//!
//! An initiative is versioned: every response carries its version as an
//! `ETag`, and a change must send it back in `If-Match` (428 without it),
//! so that two systems or people changing it at once get a 409 with the
//! current state instead of overwriting each other.

use super::auth::{Caller, Editor};
use super::body::{Field, Reader, Unknown};
use super::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use super::schema;
use app::domain::{
    Initiative, InitiativeDraft, InitiativeForm, InitiativeId, InitiativeKind, Visibility,
};
use app::state::AppState;
use app::store::{read, write, StoreError, Tx};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The fields of an initiative, as a creation or a change sends them. A
/// creation requires `kind`, `code`, `title_fr` and `title_en`; a change
/// sends only what changes (`null` clears a field: `parent_id: null` moves
/// the initiative to the root).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct InitiativeFields {
    /// The initiative it belongs to (a strategy holds areas, an area
    /// measures, a programme projects); absent or `null` for a root.
    #[schema(value_type = Option<i64>, example = 1)]
    #[serde(default)]
    pub parent_id: Field,
    /// Required when creating.
    #[schema(schema_with = schema::kind)]
    #[serde(default)]
    pub kind: Field,
    /// Letters, digits, `.`, `-`, `_`; unique among its siblings. Required when creating.
    #[schema(value_type = String, example = "M-12")]
    #[serde(default)]
    pub code: Field,
    /// Required when creating.
    #[schema(value_type = String, example = "Renforcer le rôle du DPI")]
    #[serde(default)]
    pub title_fr: Field,
    /// Required when creating.
    #[schema(value_type = String, example = "Strengthen the role of the CIO")]
    #[serde(default)]
    pub title_en: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub description_fr: Field,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub description_en: Field,
    #[schema(value_type = Option<i64>)]
    #[serde(default)]
    pub organisation_id: Field,
    #[schema(value_type = Option<i64>)]
    #[serde(default)]
    pub contact_id: Field,
    #[schema(value_type = Option<String>, format = Date, example = "2015-06-01")]
    #[serde(default)]
    pub start_date: Field,
    /// Not before `start_date`.
    #[schema(value_type = Option<String>, format = Date, example = "2017-10-31")]
    #[serde(default)]
    pub target_date: Field,
    /// Its weight in its parent's roll-up, 0 to 1000 (1 when absent).
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 1000, example = 1)]
    #[serde(default)]
    pub weight: Field,
    /// Codes of existing themes.
    #[schema(value_type = Option<Vec<String>>, example = json!(["digital_government"]))]
    #[serde(default)]
    pub themes: Field,
    /// `internal` when absent. Only an administrator may publish or unpublish.
    #[schema(schema_with = schema::visibility)]
    #[serde(default)]
    pub visibility: Field,
    /// Called out as a priority in the information-sharing report.
    #[schema(value_type = Option<bool>)]
    #[serde(default)]
    pub priority: Field,
}

impl InitiativeFields {
    /// Copies the fields given into `form`, leaving the others as they are.
    fn fill(&self, reader: &mut Reader, form: &mut InitiativeForm) {
        reader.number(&mut form.parent_id, "parent_id", &self.parent_id);
        reader.text(&mut form.kind, "kind", &self.kind);
        reader.text(&mut form.code, "code", &self.code);
        reader.text(&mut form.title_fr, "title_fr", &self.title_fr);
        reader.text(&mut form.title_en, "title_en", &self.title_en);
        reader.text(
            &mut form.description_fr,
            "description_fr",
            &self.description_fr,
        );
        reader.text(
            &mut form.description_en,
            "description_en",
            &self.description_en,
        );
        reader.number(
            &mut form.organisation_id,
            "organisation_id",
            &self.organisation_id,
        );
        reader.number(&mut form.contact_id, "contact_id", &self.contact_id);
        reader.date(&mut form.start_date, "start_date", &self.start_date);
        reader.date(&mut form.target_date, "target_date", &self.target_date);
        reader.number(&mut form.weight, "weight", &self.weight);
        reader.codes(&mut form.themes, "themes", &self.themes);
        reader.text(&mut form.visibility, "visibility", &self.visibility);
        reader.flag(&mut form.priority, "priority", &self.priority);
    }
}

/// A new initiative: `kind`, `code`, `title_fr` and `title_en` are required.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NewInitiative {
    #[serde(flatten)]
    pub fields: InitiativeFields,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: Unknown,
}

/// A change of an initiative: only the fields that change.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct InitiativeChanges {
    #[serde(flatten)]
    pub fields: InitiativeFields,
    /// `true` archives the initiative, `false` restores it.
    #[schema(value_type = Option<bool>)]
    #[serde(default)]
    pub archived: Field,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: Unknown,
}

/// An initiative as stored, with the version to send back in `If-Match`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct InitiativeResource {
    pub id: i64,
    pub parent_id: Option<i64>,
    #[schema(schema_with = schema::kind)]
    pub kind: InitiativeKind,
    pub code: String,
    pub title_fr: String,
    pub title_en: String,
    pub description_fr: String,
    pub description_en: String,
    pub organisation_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub start_date: Option<NaiveDate>,
    pub target_date: Option<NaiveDate>,
    pub weight: f64,
    pub themes: Vec<String>,
    #[schema(schema_with = schema::visibility)]
    pub visibility: Visibility,
    pub priority: bool,
    pub archived: bool,
    /// Grows with every change; also the `ETag`.
    pub version: i64,
}

impl From<&Initiative> for InitiativeResource {
    fn from(i: &Initiative) -> Self {
        InitiativeResource {
            id: i.id.0,
            parent_id: i.parent_id.map(|p| p.0),
            kind: i.kind,
            code: i.code.to_string(),
            title_fr: i.title.fr.clone(),
            title_en: i.title.en.clone(),
            description_fr: i.description.fr.clone(),
            description_en: i.description.en.clone(),
            organisation_id: i.organisation_id.map(|o| o.0),
            contact_id: i.contact_id.map(|c| c.0),
            start_date: i.dates.start(),
            target_date: i.dates.end(),
            weight: i.weight.get(),
            themes: i.themes.iter().map(ToString::to_string).collect(),
            visibility: i.visibility,
            priority: i.priority,
            archived: i.archived,
            version: i.version,
        }
    }
}

/// The form that would give `initiative` back: the base a change is applied to.
fn form_of(initiative: &Initiative) -> InitiativeForm {
    let text = |value: Option<String>| value.unwrap_or_default();
    InitiativeForm {
        parent_id: text(initiative.parent_id.map(|p| p.to_string())),
        kind: initiative.kind.as_str().into(),
        code: initiative.code.to_string(),
        title_fr: initiative.title.fr.clone(),
        title_en: initiative.title.en.clone(),
        description_fr: initiative.description.fr.clone(),
        description_en: initiative.description.en.clone(),
        organisation_id: text(initiative.organisation_id.map(|o| o.to_string())),
        contact_id: text(initiative.contact_id.map(|c| c.to_string())),
        start_date: text(initiative.dates.start().map(|d| d.to_string())),
        target_date: text(initiative.dates.end().map(|d| d.to_string())),
        weight: initiative.weight.get().to_string(),
        themes: initiative
            .themes
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(","),
        visibility: initiative.visibility.as_str().into(),
        priority: initiative.priority.to_string(),
    }
}

/// The content of `initiative`, to tell whether a change changes anything.
fn draft_of(initiative: &Initiative) -> InitiativeDraft {
    InitiativeDraft {
        parent_id: initiative.parent_id,
        kind: initiative.kind,
        code: initiative.code.clone(),
        title: initiative.title.clone(),
        description: initiative.description.clone(),
        organisation_id: initiative.organisation_id,
        contact_id: initiative.contact_id,
        dates: initiative.dates,
        weight: initiative.weight,
        themes: initiative.themes.clone(),
        visibility: initiative.visibility,
        priority: initiative.priority,
    }
}

/// The `ETag` of `version`: the number, quoted.
pub(super) fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("a number is a valid header value")
}

/// The version `If-Match` names: 428 without it, 400 unless it is one strong ETag.
fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let value = headers
        .get(header::IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?;
    value
        .to_str()
        .ok()
        .map(str::trim)
        .and_then(|v| v.strip_prefix('"'))
        .and_then(|v| v.strip_suffix('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or(ApiError::MalformedIfMatch)
}

/// The initiative with its `ETag`, with `status`.
fn respond(status: StatusCode, initiative: &Initiative) -> Response {
    let mut response = (status, Json(InitiativeResource::from(initiative))).into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag(initiative.version));
    if status == StatusCode::CREATED {
        let location = format!("/api/v1/initiatives/{}", initiative.id);
        headers.insert(
            header::LOCATION,
            HeaderValue::from_str(&location).expect("an ASCII path"),
        );
    }
    response
}

/// Reads an initiative that must exist (404 otherwise).
pub(super) async fn existing(state: &AppState, id: i64) -> Result<Initiative, ApiError> {
    read::initiative(&state.db, InitiativeId(id))
        .await?
        .ok_or(ApiError::NotFound {
            entity: "initiative",
            id,
        })
}

/// Creates an initiative.
#[utoipa::path(
    post,
    path = "/api/v1/initiatives",
    tag = "initiatives",
    request_body = NewInitiative,
    responses(
        (status = 201, description = "Created", body = InitiativeResource, headers(
            ("Location" = String, description = "The address of the new initiative"),
            ("ETag" = String, description = "Its version, quoted"),
        )),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 403, description = "The account may not write, or may not publish", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
        (status = 422, description = "Invalid fields; nothing was stored", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Editor(caller): Editor,
    ApiJson(body): ApiJson<NewInitiative>,
) -> Result<Response, ApiError> {
    let mut reader = Reader::default();
    let mut form = InitiativeForm::default();
    body.fields.fill(&mut reader, &mut form);
    reader.unknown(&body.unknown);
    let draft = reader.finish(|| form.parse())?;
    if draft.visibility == Visibility::Published {
        caller.ensure_can_publish()?;
    }
    let mut tx = state.db.begin().await?;
    let created = write::create_initiative(&mut tx, caller.actor(), &draft).await?;
    tx.commit().await?;
    Ok(respond(StatusCode::CREATED, &created))
}

/// Edits, moves, publishes or unpublishes, archives or restores an
/// initiative, in one transaction. Fields absent stay as they are.
#[utoipa::path(
    patch,
    path = "/api/v1/initiatives/{id}",
    tag = "initiatives",
    request_body = InitiativeChanges,
    params(
        ("id" = i64, Path, description = "The initiative"),
        ("If-Match" = String, Header, description = "The ETag of the version changed, e.g. \"3\""),
    ),
    responses(
        (status = 200, description = "Changed (or already so)", body = InitiativeResource, headers(
            ("ETag" = String, description = "Its new version, quoted"),
        )),
        (status = 400, description = "If-Match is not one ETag", body = ErrorBody),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 403, description = "The account may not write, or may not publish", body = ErrorBody),
        (status = 404, description = "No such initiative", body = ErrorBody),
        (status = 409, description = "Changed since that version: the body holds the current one; nothing was stored", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
        (status = 422, description = "Invalid fields; nothing was stored", body = ErrorBody),
        (status = 428, description = "If-Match is missing", body = ErrorBody),
    )
)]
pub async fn change(
    State(state): State<AppState>,
    Editor(caller): Editor,
    ApiPath(id): ApiPath,
    headers: HeaderMap,
    ApiJson(body): ApiJson<InitiativeChanges>,
) -> Result<Response, ApiError> {
    let current = existing(&state, id).await?;
    let expected = if_match(&headers)?;
    if expected != current.version {
        return Err(ApiError::Conflict(Box::new((&current).into())));
    }
    let mut reader = Reader::default();
    let mut form = form_of(&current);
    body.fields.fill(&mut reader, &mut form);
    let archived = reader.bool("archived", &body.archived);
    reader.unknown(&body.unknown);
    let draft = reader.finish(|| form.parse())?;
    if draft.visibility != current.visibility {
        caller.ensure_can_publish()?;
    }

    let mut tx = state.db.begin().await?;
    match apply(&mut tx, &caller, &current, &draft, archived).await {
        Ok(now) => {
            tx.commit().await?;
            Ok(respond(StatusCode::OK, &now))
        }
        // Changed between the read above and the write: report the latest.
        Err(StoreError::Conflict { .. }) => {
            drop(tx);
            let latest = existing(&state, id).await?;
            Err(ApiError::Conflict(Box::new((&latest).into())))
        }
        Err(other) => Err(other.into()),
    }
}

/// Writes what changes, each with its audit row: the content, then the
/// archived flag. Nothing is written when nothing changes.
async fn apply(
    tx: &mut Tx,
    caller: &Caller,
    current: &Initiative,
    draft: &InitiativeDraft,
    archived: Option<bool>,
) -> Result<Initiative, StoreError> {
    let mut now = current.clone();
    if *draft != draft_of(current) {
        now = write::update_initiative(tx, caller.actor(), current.id, now.version, draft).await?;
    }
    if let Some(archived) = archived.filter(|a| *a != now.archived) {
        now = write::set_archived(tx, caller.actor(), current.id, now.version, archived).await?;
    }
    Ok(now)
}
