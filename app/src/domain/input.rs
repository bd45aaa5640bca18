//! New records, parsed from what people and files send (forms, CSV, API
//! bodies: every field a string) into drafts that hold valid values only.
//! Rules that need the database (a code unique among siblings, a parent that
//! is not a descendant) are checked by the store, with the same errors.

use super::account::Email;
use super::error::{FieldError, FieldErrors, Problem};
use super::kinds::{Direction, Health, InitiativeKind, Role, Status, Visibility};
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

/// Names and units are short texts, like titles.
pub const NAME_MAX: usize = TITLE_MAX;
/// An account holder's name.
pub const PERSON_NAME_MAX: usize = 200;

/// A new milestone as a form gives it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MilestoneForm {
    pub initiative_id: String,
    pub title_fr: String,
    pub title_en: String,
    pub baseline_date: String,
    /// When the baseline was decided (usually today).
    pub decided_on: String,
}

impl MilestoneForm {
    pub fn parse(&self) -> Result<MilestoneDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let initiative_id = e.take(parse_id("initiative_id", &self.initiative_id));
        let title_fr = e.take(required_text("title_fr", &self.title_fr, TITLE_MAX));
        let title_en = e.take(required_text("title_en", &self.title_en, TITLE_MAX));
        let baseline_date = e.take(parse_date("baseline_date", &self.baseline_date));
        let decided_on = e.take(parse_date("decided_on", &self.decided_on));
        e.into_result(|| MilestoneDraft {
            initiative_id: InitiativeId(initiative_id.unwrap()),
            title: Bilingual::new(title_fr.unwrap(), title_en.unwrap()),
            baseline_date: baseline_date.unwrap(),
            decided_on: decided_on.unwrap(),
        })
    }
}

/// A re-plan of a milestone, or the record of its actual date, as a form
/// gives it. Whether a reason is needed (the forecast moved) depends on the
/// stored plan, so the store checks it, naming `reason_fr`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MilestoneChangeForm {
    pub milestone_id: String,
    pub decided_on: String,
    pub forecast_date: String,
    pub actual_date: String,
    pub reason_fr: String,
    pub reason_en: String,
}

impl MilestoneChangeForm {
    pub fn parse(&self) -> Result<MilestoneChange, FieldErrors> {
        let mut e = FieldErrors::default();
        let milestone_id = e.take(parse_id("milestone_id", &self.milestone_id));
        let decided_on = e.take(parse_date("decided_on", &self.decided_on));
        let forecast_date = e.take(parse_date("forecast_date", &self.forecast_date));
        let actual_date = e
            .take(parse_optional_date("actual_date", &self.actual_date))
            .flatten();
        let reason_fr = e
            .take(optional_text("reason_fr", &self.reason_fr, TEXT_MAX))
            .flatten();
        let reason_en = e
            .take(optional_text("reason_en", &self.reason_en, TEXT_MAX))
            .flatten();
        e.into_result(|| MilestoneChange {
            milestone_id: MilestoneId(milestone_id.unwrap()),
            decided_on: decided_on.unwrap(),
            forecast_date: forecast_date.unwrap(),
            actual_date,
            reason: Bilingual::new(reason_fr.unwrap_or_default(), reason_en.unwrap_or_default()),
        })
    }
}

/// A new indicator as a form gives it. A baseline or a target is a date
/// and a value together: both, or neither.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorForm {
    pub initiative_id: String,
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
    pub unit_fr: String,
    pub unit_en: String,
    pub direction: String,
    pub baseline_date: String,
    pub baseline_value: String,
    pub target_date: String,
    pub target_value: String,
}

/// A dated value given as two fields that go together: both or neither.
fn dated_value(
    e: &mut FieldErrors,
    (date_field, date): (&str, &str),
    (value_field, value): (&str, &str),
) -> Option<(NaiveDate, f64)> {
    match (date.trim().is_empty(), value.trim().is_empty()) {
        (true, true) => None,
        (false, true) => {
            e.take(parse_date(date_field, date));
            e.push(FieldError::new(value_field, Problem::Required));
            None
        }
        (true, false) => {
            e.push(FieldError::new(date_field, Problem::Required));
            e.take(parse_quantity(value_field, value));
            None
        }
        (false, false) => {
            let date = e.take(parse_date(date_field, date));
            let value = e.take(parse_quantity(value_field, value));
            date.zip(value)
        }
    }
}

impl IndicatorForm {
    pub fn parse(&self) -> Result<IndicatorDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let initiative_id = e.take(parse_id("initiative_id", &self.initiative_id));
        let code = e.take(Code::parse("code", &self.code));
        let name_fr = e.take(required_text("name_fr", &self.name_fr, NAME_MAX));
        let name_en = e.take(required_text("name_en", &self.name_en, NAME_MAX));
        let unit_fr = e
            .take(optional_text("unit_fr", &self.unit_fr, NAME_MAX))
            .flatten();
        let unit_en = e
            .take(optional_text("unit_en", &self.unit_en, NAME_MAX))
            .flatten();
        let direction = e.take(Direction::parse("direction", &self.direction));
        let baseline = dated_value(
            &mut e,
            ("baseline_date", &self.baseline_date),
            ("baseline_value", &self.baseline_value),
        );
        let target = dated_value(
            &mut e,
            ("target_date", &self.target_date),
            ("target_value", &self.target_value),
        );
        if let (Some((start, _)), Some((end, _))) = (baseline, target) {
            if end < start {
                e.push(FieldError::new(
                    "target_date",
                    Problem::EndsBeforeStart {
                        start: start.to_string(),
                        end: end.to_string(),
                    },
                ));
            }
        }
        e.into_result(|| IndicatorDraft {
            initiative_id: InitiativeId(initiative_id.unwrap()),
            code: code.unwrap(),
            name: Bilingual::new(name_fr.unwrap(), name_en.unwrap()),
            unit: Bilingual::new(unit_fr.unwrap_or_default(), unit_en.unwrap_or_default()),
            direction: direction.unwrap(),
            baseline,
            target,
        })
    }
}

/// A dated value of an indicator as a form gives it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValueForm {
    pub indicator_id: String,
    pub measured_on: String,
    pub value: String,
    pub note_fr: String,
    pub note_en: String,
}

impl IndicatorValueForm {
    pub fn parse(&self) -> Result<IndicatorValueDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let indicator_id = e.take(parse_id("indicator_id", &self.indicator_id));
        let measured_on = e.take(parse_date("measured_on", &self.measured_on));
        let value = e.take(parse_quantity("value", &self.value));
        let note_fr = e
            .take(optional_text("note_fr", &self.note_fr, TEXT_MAX))
            .flatten();
        let note_en = e
            .take(optional_text("note_en", &self.note_en, TEXT_MAX))
            .flatten();
        e.into_result(|| IndicatorValueDraft {
            indicator_id: IndicatorId(indicator_id.unwrap()),
            measured_on: measured_on.unwrap(),
            value: value.unwrap(),
            note: Bilingual::new(note_fr.unwrap_or_default(), note_en.unwrap_or_default()),
        })
    }
}

/// A new public body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationDraft {
    pub code: Code,
    pub name: Bilingual,
}

/// A new public body as a form gives it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganisationForm {
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
}

impl OrganisationForm {
    pub fn parse(&self) -> Result<OrganisationDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let code = e.take(Code::parse("code", &self.code));
        let name_fr = e.take(required_text("name_fr", &self.name_fr, NAME_MAX));
        let name_en = e.take(required_text("name_en", &self.name_en, NAME_MAX));
        e.into_result(|| OrganisationDraft {
            code: code.unwrap(),
            name: Bilingual::new(name_fr.unwrap(), name_en.unwrap()),
        })
    }
}

/// A new account. The password is checked (its length) and hashed by the
/// store; it is never serialised, so it cannot leak into a log or an answer.
#[derive(Clone, PartialEq)]
pub struct NewAccount {
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub password: String,
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount")
            .field("email", &self.email)
            .field("name", &self.name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// A new account as the administration form gives it.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountForm {
    pub email: String,
    pub name: String,
    pub role: String,
    /// The initial password, given to the person by the administrator.
    pub password: String,
}

impl std::fmt::Debug for AccountForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountForm")
            .field("email", &self.email)
            .field("name", &self.name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl AccountForm {
    pub fn parse(&self) -> Result<NewAccount, FieldErrors> {
        let mut e = FieldErrors::default();
        let email = e.take(Email::parse("email", &self.email));
        let name = e.take(required_text("name", &self.name, PERSON_NAME_MAX));
        let role = e.take(Role::parse("role", &self.role));
        if self.password.is_empty() {
            e.push(FieldError::new("password", Problem::Required));
        }
        e.into_result(|| NewAccount {
            email: email.unwrap(),
            name: name.unwrap(),
            role: role.unwrap(),
            password: self.password.clone(),
        })
    }
}

/// What an administrator changes on an account: its role, and whether it
/// may sign in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountChange {
    pub email: Email,
    pub role: Role,
    pub disabled: bool,
}

/// An account change as the administration form gives it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountChangeForm {
    pub email: String,
    pub role: String,
    /// `true` to disable the account, `false` to let it sign in.
    pub disabled: String,
}

impl AccountChangeForm {
    pub fn parse(&self) -> Result<AccountChange, FieldErrors> {
        let mut e = FieldErrors::default();
        let email = e.take(Email::parse("email", &self.email));
        let role = e.take(Role::parse("role", &self.role));
        let disabled = e.take(parse_flag("disabled", &self.disabled));
        e.into_result(|| AccountChange {
            email: email.unwrap(),
            role: role.unwrap(),
            disabled: disabled.unwrap(),
        })
    }
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

    fn fields(errors: &FieldErrors) -> Vec<&str> {
        errors.0.iter().map(|e| e.field.as_str()).collect()
    }

    fn milestone_form() -> MilestoneForm {
        MilestoneForm {
            initiative_id: "7".into(),
            title_fr: "Mise en service".into(),
            title_en: "Go-live".into(),
            baseline_date: "2019-09-30".into(),
            decided_on: "2019-01-15".into(),
        }
    }

    #[test]
    fn a_milestone_form_parses() {
        let draft = milestone_form().parse().unwrap();
        assert_eq!(draft.initiative_id, InitiativeId(7));
        assert_eq!(draft.title.en, "Go-live");
        assert_eq!(draft.baseline_date.to_string(), "2019-09-30");
        assert_eq!(draft.decided_on.to_string(), "2019-01-15");
    }

    #[test]
    fn a_bad_milestone_names_each_field() {
        let form = MilestoneForm {
            initiative_id: "x".into(),
            title_fr: " ".into(),
            title_en: "é".repeat(TITLE_MAX + 1),
            baseline_date: "30/09/2019".into(),
            decided_on: "".into(),
        };
        let errors = form.parse().unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "initiative_id",
                "title_fr",
                "title_en",
                "baseline_date",
                "decided_on"
            ]
        );
        assert_eq!(errors.0[1].problem, Problem::Required);
        assert_eq!(errors.0[2].problem, Problem::TooLong { max: TITLE_MAX });
    }

    #[test]
    fn a_milestone_change_parses_with_or_without_an_actual_date() {
        let form = MilestoneChangeForm {
            milestone_id: "3".into(),
            decided_on: "2020-02-01".into(),
            forecast_date: "2022-01-31".into(),
            actual_date: "".into(),
            reason_fr: " Report du fournisseur ".into(),
            reason_en: "".into(),
        };
        let change = form.parse().unwrap();
        assert_eq!(change.milestone_id, MilestoneId(3));
        assert_eq!(change.actual_date, None);
        assert_eq!(change.reason, Bilingual::new("Report du fournisseur", ""));

        let reached = MilestoneChangeForm {
            actual_date: "2022-02-14".into(),
            ..form
        };
        assert_eq!(
            reached.parse().unwrap().actual_date.map(|d| d.to_string()),
            Some("2022-02-14".into())
        );
    }

    #[test]
    fn a_bad_milestone_change_names_each_field() {
        let form = MilestoneChangeForm {
            milestone_id: "0".into(),
            decided_on: "hier".into(),
            forecast_date: "".into(),
            actual_date: "2022-13-01".into(),
            reason_fr: "x".repeat(TEXT_MAX + 1),
            reason_en: "".into(),
        };
        assert_eq!(
            fields(&form.parse().unwrap_err()),
            [
                "milestone_id",
                "decided_on",
                "forecast_date",
                "actual_date",
                "reason_fr"
            ]
        );
    }

    fn indicator_form() -> IndicatorForm {
        IndicatorForm {
            initiative_id: "7".into(),
            code: "DPC".into(),
            name_fr: "Centres de traitement".into(),
            name_en: "Data-processing centres".into(),
            unit_fr: "centres".into(),
            unit_en: "centres".into(),
            direction: "down".into(),
            baseline_date: "2015-06-01".into(),
            baseline_value: "457".into(),
            target_date: "2023-03-31".into(),
            target_value: "2".into(),
        }
    }

    #[test]
    fn an_indicator_form_parses() {
        let draft = indicator_form().parse().unwrap();
        assert_eq!(draft.code.as_str(), "DPC");
        assert_eq!(draft.direction, Direction::Down);
        assert_eq!(draft.baseline.map(|b| b.1), Some(457.0));
        assert_eq!(
            draft.target.map(|t| t.0.to_string()),
            Some("2023-03-31".into())
        );

        let open = IndicatorForm {
            unit_fr: "".into(),
            baseline_date: "".into(),
            baseline_value: "".into(),
            target_date: "".into(),
            target_value: "".into(),
            ..indicator_form()
        };
        let draft = open.parse().unwrap();
        assert_eq!((draft.baseline, draft.target), (None, None));
        assert_eq!(draft.unit, Bilingual::new("", "centres"));
    }

    #[test]
    fn a_bad_indicator_names_each_field() {
        let form = IndicatorForm {
            initiative_id: "".into(),
            code: "a b".into(),
            name_fr: "".into(),
            name_en: "".into(),
            unit_fr: "u".repeat(NAME_MAX + 1),
            unit_en: "".into(),
            direction: "sideways".into(),
            baseline_date: "2015-06-01".into(),
            baseline_value: "".into(),
            target_date: "".into(),
            target_value: "beaucoup".into(),
        };
        assert_eq!(
            fields(&form.parse().unwrap_err()),
            [
                "initiative_id",
                "code",
                "name_fr",
                "name_en",
                "unit_fr",
                "direction",
                "baseline_value",
                "target_date",
                "target_value"
            ]
        );
    }

    #[test]
    fn an_indicator_target_is_not_before_its_baseline() {
        let form = IndicatorForm {
            target_date: "2014-01-01".into(),
            ..indicator_form()
        };
        let errors = form.parse().unwrap_err();
        assert_eq!(fields(&errors), ["target_date"]);
        assert!(matches!(
            errors.0[0].problem,
            Problem::EndsBeforeStart { .. }
        ));
    }

    #[test]
    fn an_indicator_value_form_parses_and_names_bad_fields() {
        let form = IndicatorValueForm {
            indicator_id: "4".into(),
            measured_on: "2019-12-31".into(),
            value: "80,5".into(),
            note_fr: "".into(),
            note_en: "Estimate".into(),
        };
        let draft = form.parse().unwrap();
        assert_eq!(draft.indicator_id, IndicatorId(4));
        assert_eq!(draft.value, 80.5);
        assert_eq!(draft.note, Bilingual::new("", "Estimate"));

        let bad = IndicatorValueForm {
            indicator_id: "-1".into(),
            measured_on: "2019-02-30".into(),
            value: "".into(),
            note_fr: "n".repeat(TEXT_MAX + 1),
            note_en: "n".repeat(TEXT_MAX + 1),
        };
        assert_eq!(
            fields(&bad.parse().unwrap_err()),
            ["indicator_id", "measured_on", "value", "note_fr", "note_en"]
        );
    }

    #[test]
    fn an_organisation_form_parses_and_names_bad_fields() {
        let form = OrganisationForm {
            code: "MCN".into(),
            name_fr: "Ministère de la Cybersécurité et du Numérique".into(),
            name_en: "Ministry of Cybersecurity and Digital Technology".into(),
        };
        assert_eq!(form.parse().unwrap().code.as_str(), "MCN");
        let bad = OrganisationForm {
            code: "".into(),
            name_fr: "".into(),
            name_en: " ".into(),
        };
        assert_eq!(
            fields(&bad.parse().unwrap_err()),
            ["code", "name_fr", "name_en"]
        );
    }

    #[test]
    fn an_account_form_parses_and_names_bad_fields() {
        let form = AccountForm {
            email: " Ada@Example.CA ".into(),
            name: "Ada Lovelace".into(),
            role: "editor".into(),
            password: "correct horse battery".into(),
        };
        let account = form.parse().unwrap();
        assert_eq!(account.email.as_str(), "ada@example.ca");
        assert_eq!(account.role, Role::Editor);
        assert!(!format!("{account:?}").contains("horse"));
        assert!(!format!("{form:?}").contains("horse"));

        let bad = AccountForm {
            email: "ada".into(),
            name: "".into(),
            role: "owner".into(),
            password: "".into(),
        };
        assert_eq!(
            fields(&bad.parse().unwrap_err()),
            ["email", "name", "role", "password"]
        );
    }

    #[test]
    fn an_account_change_form_parses_and_names_bad_fields() {
        let form = AccountChangeForm {
            email: "ada@example.ca".into(),
            role: "viewer".into(),
            disabled: "true".into(),
        };
        let change = form.parse().unwrap();
        assert_eq!((change.role, change.disabled), (Role::Viewer, true));
        let bad = AccountChangeForm {
            email: "".into(),
            role: "".into(),
            disabled: "maybe".into(),
        };
        assert_eq!(
            fields(&bad.parse().unwrap_err()),
            ["email", "role", "disabled"]
        );
    }
}
