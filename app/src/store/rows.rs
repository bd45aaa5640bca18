//! Rows as the database returns them, and their conversion into domain
//! values. Stored codes are parsed again on the way out: a value the domain
//! refuses means the database was changed by hand, reported as `Corrupt`.

use super::StoreError;
use crate::domain::*;
use chrono::{DateTime, NaiveDate, Utc};

fn corrupt(e: FieldError) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

fn code(field: &str, text: &str) -> Result<Code, StoreError> {
    Code::parse(field, text).map_err(corrupt)
}

fn health(field: &str, text: Option<&str>) -> Result<Option<Health>, StoreError> {
    text.map(|t| Health::parse(field, t).map_err(corrupt))
        .transpose()
}

fn health_report(
    overall: &str,
    schedule: &Option<String>,
    cost: &Option<String>,
    scope: &Option<String>,
) -> Result<HealthReport, StoreError> {
    Ok(HealthReport {
        overall: Health::parse("health", overall).map_err(corrupt)?,
        schedule: health("schedule_health", schedule.as_deref())?,
        cost: health("cost_health", cost.as_deref())?,
        scope: health("scope_health", scope.as_deref())?,
    })
}

fn percent(stored: Option<i32>) -> Result<Option<Percent>, StoreError> {
    stored
        .map(|p| Percent::new("percent_complete", i64::from(p)).map_err(corrupt))
        .transpose()
}

fn budget(approved: Option<i64>, spent: Option<i64>, forecast: Option<i64>) -> Budget {
    Budget {
        approved: approved.map(Money),
        spent_to_date: spent.map(Money),
        forecast_at_completion: forecast.map(Money),
    }
}

#[derive(sqlx::FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub organisation_id: Option<i64>,
    pub name: String,
    pub role_fr: String,
    pub role_en: String,
    pub email: Option<String>,
}

impl From<ContactRow> for Contact {
    fn from(r: ContactRow) -> Self {
        Contact {
            id: ContactId(r.id),
            organisation_id: r.organisation_id.map(OrganisationId),
            name: r.name,
            role: Bilingual::new(r.role_fr, r.role_en),
            email: r.email,
        }
    }
}

/// The columns of `initiative`, in the order of [`INITIATIVE_COLUMNS`].
#[derive(sqlx::FromRow)]
pub struct InitiativeRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: String,
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
    pub visibility: String,
    pub priority: bool,
    pub archived: bool,
    pub version: i64,
}

pub const INITIATIVE_COLUMNS: &str =
    "id, parent_id, kind, code, title_fr, title_en, description_fr, \
     description_en, organisation_id, contact_id, start_date, target_date, weight, visibility, \
     priority, archived, version";

impl InitiativeRow {
    pub fn into_initiative(self, themes: Vec<Code>) -> Result<Initiative, StoreError> {
        Ok(Initiative {
            id: InitiativeId(self.id),
            parent_id: self.parent_id.map(InitiativeId),
            kind: InitiativeKind::parse("kind", &self.kind).map_err(corrupt)?,
            code: code("code", &self.code)?,
            title: Bilingual::new(self.title_fr, self.title_en),
            description: Bilingual::new(self.description_fr, self.description_en),
            organisation_id: self.organisation_id.map(OrganisationId),
            contact_id: self.contact_id.map(ContactId),
            dates: DateRange::new("target_date", self.start_date, self.target_date)
                .map_err(corrupt)?,
            weight: Weight::new("weight", self.weight).map_err(corrupt)?,
            themes,
            visibility: Visibility::parse("visibility", &self.visibility).map_err(corrupt)?,
            priority: self.priority,
            archived: self.archived,
            version: self.version,
        })
    }
}

/// A status update: its figures (as in a summary) and its narrative.
#[derive(sqlx::FromRow)]
pub struct StatusUpdateRow {
    #[sqlx(flatten)]
    pub figures: StateSummaryRow,
    pub accomplishments_fr: String,
    pub accomplishments_en: String,
    pub next_steps_fr: String,
    pub next_steps_en: String,
    pub issues_fr: String,
    pub issues_en: String,
    pub internal_note: Option<String>,
    pub author: String,
    pub recorded_at: DateTime<Utc>,
    pub supersedes: Option<i64>,
}

pub const STATUS_UPDATE_COLUMNS: &str =
    "id, initiative_id, as_of, status, health, schedule_health, \
     cost_health, scope_health, percent_complete, approved_budget, spent_to_date, \
     forecast_at_completion, accomplishments_fr, accomplishments_en, next_steps_fr, next_steps_en, \
     issues_fr, issues_en, internal_note, author, recorded_at, supersedes";

impl TryFrom<StatusUpdateRow> for StatusUpdate {
    type Error = StoreError;
    fn try_from(r: StatusUpdateRow) -> Result<Self, StoreError> {
        let figures = StateSummary::try_from(r.figures)?;
        Ok(StatusUpdate {
            id: figures.update_id,
            initiative_id: figures.initiative_id,
            as_of: figures.as_of,
            status: figures.status,
            health: figures.health,
            percent_complete: figures.percent_complete,
            budget: figures.budget,
            narrative: Narrative {
                accomplishments: Bilingual::new(r.accomplishments_fr, r.accomplishments_en),
                next_steps: Bilingual::new(r.next_steps_fr, r.next_steps_en),
                issues: Bilingual::new(r.issues_fr, r.issues_en),
            },
            internal_note: r.internal_note,
            author: r.author,
            recorded_at: r.recorded_at,
            supersedes: r.supersedes.map(StatusUpdateId),
        })
    }
}

/// Read as a row (PostgreSQL) or as a JSON array of the same columns in the
/// same order (SQLite, `read::summaries_as_of`).
#[derive(sqlx::FromRow, serde::Deserialize)]
pub struct StateSummaryRow {
    pub id: i64,
    pub initiative_id: i64,
    pub as_of: NaiveDate,
    pub status: String,
    pub health: String,
    pub schedule_health: Option<String>,
    pub cost_health: Option<String>,
    pub scope_health: Option<String>,
    pub percent_complete: Option<i32>,
    pub approved_budget: Option<i64>,
    pub spent_to_date: Option<i64>,
    pub forecast_at_completion: Option<i64>,
}

pub const STATE_SUMMARY_COLUMNS: &str = "id, initiative_id, as_of, status, health, schedule_health, \
     cost_health, scope_health, percent_complete, approved_budget, spent_to_date, forecast_at_completion";

impl TryFrom<StateSummaryRow> for StateSummary {
    type Error = StoreError;
    fn try_from(r: StateSummaryRow) -> Result<Self, StoreError> {
        Ok(StateSummary {
            update_id: StatusUpdateId(r.id),
            initiative_id: InitiativeId(r.initiative_id),
            as_of: r.as_of,
            status: Status::parse("status", &r.status).map_err(corrupt)?,
            health: health_report(
                &r.health,
                &r.schedule_health,
                &r.cost_health,
                &r.scope_health,
            )?,
            percent_complete: percent(r.percent_complete)?,
            budget: budget(r.approved_budget, r.spent_to_date, r.forecast_at_completion),
        })
    }
}

/// A milestone with its current plan (its latest revision's dates).
#[derive(sqlx::FromRow)]
pub struct MilestoneRow {
    pub id: i64,
    pub initiative_id: i64,
    pub title_fr: String,
    pub title_en: String,
    pub baseline_date: NaiveDate,
    pub forecast_date: NaiveDate,
    pub actual_date: Option<NaiveDate>,
}

impl From<MilestoneRow> for Milestone {
    fn from(r: MilestoneRow) -> Self {
        Milestone {
            id: MilestoneId(r.id),
            initiative_id: InitiativeId(r.initiative_id),
            title: Bilingual::new(r.title_fr, r.title_en),
            baseline_date: r.baseline_date,
            forecast_date: r.forecast_date,
            actual_date: r.actual_date,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct MilestoneRevisionRow {
    pub id: i64,
    pub milestone_id: i64,
    pub decided_on: NaiveDate,
    pub forecast_date: NaiveDate,
    pub actual_date: Option<NaiveDate>,
    pub reason_fr: String,
    pub reason_en: String,
    pub author: String,
    pub recorded_at: DateTime<Utc>,
}

impl From<MilestoneRevisionRow> for MilestoneRevision {
    fn from(r: MilestoneRevisionRow) -> Self {
        MilestoneRevision {
            id: MilestoneRevisionId(r.id),
            milestone_id: MilestoneId(r.milestone_id),
            decided_on: r.decided_on,
            forecast_date: r.forecast_date,
            actual_date: r.actual_date,
            reason: Bilingual::new(r.reason_fr, r.reason_en),
            author: r.author,
            recorded_at: r.recorded_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct IndicatorRow {
    pub id: i64,
    pub initiative_id: i64,
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
    pub unit_fr: String,
    pub unit_en: String,
    pub direction: String,
    pub baseline_date: Option<NaiveDate>,
    pub baseline_value: Option<f64>,
    pub target_date: Option<NaiveDate>,
    pub target_value: Option<f64>,
}

pub const INDICATOR_COLUMNS: &str = "id, initiative_id, code, name_fr, name_en, unit_fr, unit_en, \
     direction, baseline_date, baseline_value, target_date, target_value";

impl TryFrom<IndicatorRow> for Indicator {
    type Error = StoreError;
    fn try_from(r: IndicatorRow) -> Result<Self, StoreError> {
        Ok(Indicator {
            id: IndicatorId(r.id),
            initiative_id: InitiativeId(r.initiative_id),
            code: code("code", &r.code)?,
            name: Bilingual::new(r.name_fr, r.name_en),
            unit: Bilingual::new(r.unit_fr, r.unit_en),
            direction: Direction::parse("direction", &r.direction).map_err(corrupt)?,
            baseline: r.baseline_date.zip(r.baseline_value),
            target: r.target_date.zip(r.target_value),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct IndicatorValueRow {
    pub id: i64,
    pub indicator_id: i64,
    pub measured_on: NaiveDate,
    pub value: f64,
    pub note_fr: String,
    pub note_en: String,
    pub author: String,
    pub recorded_at: DateTime<Utc>,
}

impl From<IndicatorValueRow> for IndicatorValue {
    fn from(r: IndicatorValueRow) -> Self {
        IndicatorValue {
            id: IndicatorValueId(r.id),
            indicator_id: IndicatorId(r.indicator_id),
            measured_on: r.measured_on,
            value: r.value,
            note: Bilingual::new(r.note_fr, r.note_en),
            author: r.author,
            recorded_at: r.recorded_at,
        }
    }
}
