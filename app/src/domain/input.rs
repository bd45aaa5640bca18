//! New records, parsed from what people and files send (forms, CSV, API
//! bodies: every field a string) into drafts that hold valid values only.
//! Rules that need the database (a code unique among siblings, a parent that
//! is not a descendant) are checked by the store, with the same errors.

use super::error::{FieldError, FieldErrors, Problem};
use super::kinds::{Direction, Health, InitiativeKind, Status, Visibility};
use super::model::*;
use super::values::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 300;
pub const TEXT_MAX: usize = 20_000;

/// A new initiative, or the new content of an existing one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InitiativeDraft {
    pub parent_id: Option<InitiativeId>,
    pub kind: InitiativeKind,
    pub code: Code,
    pub title: Bilingual,
    pub description: Bilingual,
    pub organisation_id: Option<OrganisationId>,
    pub contact_id: Option<ContactId>,
    pub dates: DateRange,
    pub weight: Weight,
    pub themes: Vec<Code>,
    pub visibility: Visibility,
    pub priority: bool,
}

/// An initiative as a form or a CSV row gives it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InitiativeForm {
    pub parent_id: String,
    pub kind: String,
    pub code: String,
    pub title_fr: String,
    pub title_en: String,
    pub description_fr: String,
    pub description_en: String,
    pub organisation_id: String,
    pub contact_id: String,
    pub start_date: String,
    pub target_date: String,
    pub weight: String,
    /// Theme codes separated by commas or spaces.
    pub themes: String,
    pub visibility: String,
    pub priority: String,
}

impl InitiativeForm {
    pub fn parse(&self) -> Result<InitiativeDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let parent_id = errors
            .take(parse_optional_id("parent_id", &self.parent_id))
            .flatten();
        let kind = errors.take(InitiativeKind::parse("kind", &self.kind));
        let code = errors.take(Code::parse("code", &self.code));
        let title_fr = errors.take(required_text("title_fr", &self.title_fr, TITLE_MAX));
        let title_en = errors.take(required_text("title_en", &self.title_en, TITLE_MAX));
        let description_fr = errors.take(optional_text(
            "description_fr",
            &self.description_fr,
            TEXT_MAX,
        ));
        let description_en = errors.take(optional_text(
            "description_en",
            &self.description_en,
            TEXT_MAX,
        ));
        let organisation_id = errors
            .take(parse_optional_id("organisation_id", &self.organisation_id))
            .flatten();
        let contact_id = errors
            .take(parse_optional_id("contact_id", &self.contact_id))
            .flatten();
        let start = errors
            .take(parse_optional_date("start_date", &self.start_date))
            .flatten();
        let target = errors
            .take(parse_optional_date("target_date", &self.target_date))
            .flatten();
        let dates = errors.take(DateRange::new("target_date", start, target));
        let weight = errors.take(Weight::parse("weight", &self.weight));
        let themes: Vec<Code> = self
            .themes
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|t| !t.is_empty())
            .filter_map(|t| errors.take(Code::parse("themes", t)))
            .collect();
        let visibility = if self.visibility.trim().is_empty() {
            Some(Visibility::Internal)
        } else {
            errors.take(Visibility::parse("visibility", &self.visibility))
        };
        let priority = errors.take(parse_flag("priority", &self.priority));
        errors.into_result(|| InitiativeDraft {
            parent_id: parent_id.map(InitiativeId),
            kind: kind.unwrap(),
            code: code.unwrap(),
            title: Bilingual::new(title_fr.unwrap(), title_en.unwrap()),
            description: Bilingual::new(
                description_fr.flatten().unwrap_or_default(),
                description_en.flatten().unwrap_or_default(),
            ),
            organisation_id: organisation_id.map(OrganisationId),
            contact_id: contact_id.map(ContactId),
            dates: dates.unwrap(),
            weight: weight.unwrap(),
            themes,
            visibility: visibility.unwrap(),
            priority: priority.unwrap(),
        })
    }
}

/// A new status update. Built only through [`StatusUpdateDraft::new`] or a
/// form, which check that at-risk and off-track health come with an
/// explanation (as major-project reporting requires).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatusUpdateDraft {
    pub initiative_id: InitiativeId,
    pub as_of: NaiveDate,
    pub status: Status,
    pub health: HealthReport,
    pub percent_complete: Option<Percent>,
    pub budget: Budget,
    pub narrative: Narrative,
    pub internal_note: Option<String>,
    pub supersedes: Option<StatusUpdateId>,
}

impl StatusUpdateDraft {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        initiative_id: InitiativeId,
        as_of: NaiveDate,
        status: Status,
        health: HealthReport,
        percent_complete: Option<Percent>,
        budget: Budget,
        narrative: Narrative,
        internal_note: Option<String>,
        supersedes: Option<StatusUpdateId>,
    ) -> Result<Self, FieldErrors> {
        let worrying = [
            Some(health.overall),
            health.schedule,
            health.cost,
            health.scope,
        ]
        .into_iter()
        .flatten()
        .any(Health::needs_explanation);
        if worrying && narrative.issues.is_empty() {
            return Err(FieldError::new("issues", Problem::ExplanationRequired).into());
        }
        Ok(StatusUpdateDraft {
            initiative_id,
            as_of,
            status,
            health,
            percent_complete,
            budget,
            narrative,
            internal_note,
            supersedes,
        })
    }
}

/// A status update as a form or a CSV row gives it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusUpdateForm {
    pub initiative_id: String,
    pub as_of: String,
    pub status: String,
    pub health: String,
    pub schedule_health: String,
    pub cost_health: String,
    pub scope_health: String,
    pub percent_complete: String,
    pub approved_budget: String,
    pub spent_to_date: String,
    pub forecast_at_completion: String,
    pub accomplishments_fr: String,
    pub accomplishments_en: String,
    pub next_steps_fr: String,
    pub next_steps_en: String,
    pub issues_fr: String,
    pub issues_en: String,
    pub internal_note: String,
    pub supersedes: String,
}

impl StatusUpdateForm {
    pub fn parse(&self) -> Result<StatusUpdateDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let initiative_id = e.take(parse_id("initiative_id", &self.initiative_id));
        let as_of = e.take(parse_date("as_of", &self.as_of));
        let status = e.take(Status::parse("status", &self.status));
        let overall = e.take(Health::parse("health", &self.health));
        let optional_health = |e: &mut FieldErrors, field: &str, text: &str| {
            if text.trim().is_empty() {
                None
            } else {
                e.take(Health::parse(field, text))
            }
        };
        let schedule = optional_health(&mut e, "schedule_health", &self.schedule_health);
        let cost = optional_health(&mut e, "cost_health", &self.cost_health);
        let scope = optional_health(&mut e, "scope_health", &self.scope_health);
        let percent = if self.percent_complete.trim().is_empty() {
            None
        } else {
            e.take(Percent::parse("percent_complete", &self.percent_complete))
        };
        let money = |e: &mut FieldErrors, field: &str, text: &str| {
            if text.trim().is_empty() {
                None
            } else {
                e.take(Money::parse(field, text))
            }
        };
        let budget = Budget {
            approved: money(&mut e, "approved_budget", &self.approved_budget),
            spent_to_date: money(&mut e, "spent_to_date", &self.spent_to_date),
            forecast_at_completion: money(
                &mut e,
                "forecast_at_completion",
                &self.forecast_at_completion,
            ),
        };
        let mut text = |field: &str, value: &str| {
            e.take(optional_text(field, value, TEXT_MAX))
                .flatten()
                .unwrap_or_default()
        };
        let narrative = Narrative {
            accomplishments: Bilingual::new(
                text("accomplishments_fr", &self.accomplishments_fr),
                text("accomplishments_en", &self.accomplishments_en),
            ),
            next_steps: Bilingual::new(
                text("next_steps_fr", &self.next_steps_fr),
                text("next_steps_en", &self.next_steps_en),
            ),
            issues: Bilingual::new(
                text("issues_fr", &self.issues_fr),
                text("issues_en", &self.issues_en),
            ),
        };
        let internal_note = e
            .take(optional_text(
                "internal_note",
                &self.internal_note,
                TEXT_MAX,
            ))
            .flatten();
        let supersedes = e
            .take(parse_optional_id("supersedes", &self.supersedes))
            .flatten();
        if !e.is_empty() {
            return Err(e);
        }
        let health = HealthReport {
            overall: overall.unwrap(),
            schedule,
            cost,
            scope,
        };
        StatusUpdateDraft::new(
            InitiativeId(initiative_id.unwrap()),
            as_of.unwrap(),
            status.unwrap(),
            health,
            percent,
            budget,
            narrative,
            internal_note,
            supersedes.map(StatusUpdateId),
        )
        .map_err(|mut errors| {
            // Point at the field a person would fill in their language.
            for error in &mut errors.0 {
                if error.field == "issues" {
                    error.field = "issues_fr".into();
                }
            }
            errors
        })
    }
}

/// A new milestone: its baseline is also its first forecast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneDraft {
    pub initiative_id: InitiativeId,
    pub title: Bilingual,
    pub baseline_date: NaiveDate,
    /// When the baseline was set (the first revision's date).
    pub decided_on: NaiveDate,
}

/// A re-plan or the record of an actual date, with its reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneChange {
    pub milestone_id: MilestoneId,
    pub decided_on: NaiveDate,
    pub forecast_date: NaiveDate,
    pub actual_date: Option<NaiveDate>,
    pub reason: Bilingual,
}

/// A new indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorDraft {
    pub initiative_id: InitiativeId,
    pub code: Code,
    pub name: Bilingual,
    pub unit: Bilingual,
    pub direction: Direction,
    pub baseline: Option<(NaiveDate, f64)>,
    pub target: Option<(NaiveDate, f64)>,
}

/// A new dated value of an indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValueDraft {
    pub indicator_id: IndicatorId,
    pub measured_on: NaiveDate,
    pub value: f64,
    pub note: Bilingual,
}

fn parse_id(field: &str, text: &str) -> Result<i64, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            FieldError::new(
                field,
                Problem::Malformed {
                    value: text.to_owned(),
                    expected: "an identifier".into(),
                },
            )
        })
}

pub(crate) fn parse_optional_id(field: &str, text: &str) -> Result<Option<i64>, FieldError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_id(field, text).map(Some)
    }
}

/// A checkbox or a CSV flag: empty, `false`, `0`, `no`, `non` are false.
fn parse_flag(field: &str, text: &str) -> Result<bool, FieldError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "0" | "no" | "non" | "off" => Ok(false),
        "true" | "1" | "yes" | "oui" | "on" => Ok(true),
        other => Err(FieldError::new(
            field,
            Problem::Malformed {
                value: other.to_owned(),
                expected: "true or false".into(),
            },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn initiative_form() -> InitiativeForm {
        InitiativeForm {
            kind: "measure".into(),
            code: "M-01".into(),
            title_fr: "Renforcer le rôle du DPI".into(),
            title_en: "Strengthen the role of the CIO".into(),
            start_date: "2015-06-01".into(),
            target_date: "2017-10-31".into(),
            themes: "governance, digital_government".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_initiative_form_parses() {
        let draft = initiative_form().parse().unwrap();
        assert_eq!(draft.kind, InitiativeKind::Measure);
        assert_eq!(draft.code.as_str(), "M-01");
        assert_eq!(draft.visibility, Visibility::Internal);
        assert_eq!(draft.weight, Weight::DEFAULT);
        assert_eq!(draft.themes.len(), 2);
        assert!(!draft.priority);
    }

    #[test]
    fn every_bad_field_of_an_initiative_is_named() {
        let form = InitiativeForm {
            kind: "epic".into(),
            code: "".into(),
            title_en: "".into(),
            start_date: "2020-01-01".into(),
            target_date: "2019-01-01".into(),
            weight: "heavy".into(),
            visibility: "secret".into(),
            ..initiative_form()
        };
        let errors = form.parse().unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "kind",
                "code",
                "title_en",
                "target_date",
                "weight",
                "visibility"
            ]
        );
    }

    fn update_form() -> StatusUpdateForm {
        StatusUpdateForm {
            initiative_id: "7".into(),
            as_of: "2017-10-31".into(),
            status: "in_progress".into(),
            health: "on_track".into(),
            percent_complete: "40".into(),
            approved_budget: "150000000".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_status_update_form_parses() {
        let draft = update_form().parse().unwrap();
        assert_eq!(draft.status, Status::InProgress);
        assert_eq!(draft.percent_complete.map(Percent::get), Some(40));
        assert_eq!(draft.budget.approved, Some(Money(15_000_000_000)));
        assert_eq!(draft.health.schedule, None);
    }

    #[test]
    fn worrying_health_needs_an_explanation() {
        let form = StatusUpdateForm {
            schedule_health: "off_track".into(),
            ..update_form()
        };
        let errors = form.parse().unwrap_err();
        assert_eq!(
            errors.0,
            [FieldError::new("issues_fr", Problem::ExplanationRequired)]
        );

        let explained = StatusUpdateForm {
            issues_en: "Supplier late".into(),
            ..form
        };
        assert!(explained.parse().is_ok());
    }

    #[test]
    fn a_bad_status_update_names_each_field() {
        let form = StatusUpdateForm {
            as_of: "31/10/2017".into(),
            status: "done".into(),
            percent_complete: "140".into(),
            spent_to_date: "beaucoup".into(),
            ..update_form()
        };
        let errors = form.parse().unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["as_of", "status", "percent_complete", "spent_to_date"]
        );
    }
}

impl From<&Initiative> for InitiativeForm {
    /// The form that gives `initiative` back when parsed: what an edit form
    /// starts from, and how two versions are compared field by field.
    fn from(i: &Initiative) -> Self {
        let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        InitiativeForm {
            parent_id: id(i.parent_id.map(|p| p.0)),
            kind: i.kind.as_str().to_owned(),
            code: i.code.to_string(),
            title_fr: i.title.fr.clone(),
            title_en: i.title.en.clone(),
            description_fr: i.description.fr.clone(),
            description_en: i.description.en.clone(),
            organisation_id: id(i.organisation_id.map(|o| o.0)),
            contact_id: id(i.contact_id.map(|c| c.0)),
            start_date: date(i.dates.start()),
            target_date: date(i.dates.end()),
            weight: i.weight.get().to_string(),
            themes: i
                .themes
                .iter()
                .map(Code::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            visibility: i.visibility.as_str().to_owned(),
            priority: i.priority.to_string(),
        }
    }
}
