//! The things Jalons tracks, as stored and as shown: organisations, contacts,
//! initiatives in a tree, their status updates, milestones and indicators.
//!
//! These types hold valid values only (they are built from parsed input or
//! from the database, which enforces the same rules). Internal fields (such
//! as a status update's internal note) are marked so; the public view must
//! go through its own types that leave them out.

use super::kinds::{Direction, Health, InitiativeKind, Status, Visibility};
use super::values::{Code, DateRange, Money, Percent, Weight};
use crate::i18n::Locale;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )+};
}

id_type!(
    OrganisationId,
    ContactId,
    InitiativeId,
    StatusUpdateId,
    MilestoneId,
    MilestoneRevisionId,
    IndicatorId,
    IndicatorValueId,
);

/// A text in French and in English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    pub fr: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual {
            fr: fr.into(),
            en: en.into(),
        }
    }

    /// The text in `locale`, or in the other language when it is missing.
    pub fn get(&self, locale: Locale) -> &str {
        let (wanted, other) = match locale {
            Locale::fr => (&self.fr, &self.en),
            Locale::en => (&self.en, &self.fr),
        };
        if wanted.is_empty() {
            other
        } else {
            wanted
        }
    }

    /// The language the text of `get(locale)` is really in (for a `lang` attribute).
    pub fn language_of(&self, locale: Locale) -> Locale {
        match locale {
            Locale::fr if self.fr.is_empty() && !self.en.is_empty() => Locale::en,
            Locale::en if self.en.is_empty() && !self.fr.is_empty() => Locale::fr,
            _ => locale,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fr.is_empty() && self.en.is_empty()
    }
}

/// A public body that owns initiatives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub code: Code,
    pub name: Bilingual,
}

/// A person responsible for initiatives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub organisation_id: Option<OrganisationId>,
    pub name: String,
    /// Their position, e.g. "Secrétaire associé…".
    pub role: Bilingual,
    pub email: Option<String>,
}

/// A tracked unit: strategy, area, measure, programme or project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Initiative {
    pub id: InitiativeId,
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
    /// Called out as a priority in the information-sharing report.
    pub priority: bool,
    pub archived: bool,
    /// Optimistic concurrency: every change increments it, and a change
    /// based on an older version is refused.
    pub version: i64,
}

/// The narrative of a status update, in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    pub accomplishments: Bilingual,
    pub next_steps: Bilingual,
    pub issues: Bilingual,
}

/// Budget figures of a status update, each optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub approved: Option<Money>,
    pub spent_to_date: Option<Money>,
    pub forecast_at_completion: Option<Money>,
}

impl Budget {
    /// Forecast minus approved (positive is an overrun), when both are known.
    pub fn variance(&self) -> Option<Money> {
        Some(Money(self.forecast_at_completion?.0 - self.approved?.0))
    }
}

/// The health of an initiative: overall, and optionally by dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthReport {
    pub overall: Health,
    pub schedule: Option<Health>,
    pub cost: Option<Health>,
    pub scope: Option<Health>,
}

impl HealthReport {
    pub fn overall(overall: Health) -> Self {
        HealthReport {
            overall,
            schedule: None,
            cost: None,
            scope: None,
        }
    }
}

/// Where an initiative stood as of a date. Append-only: a correction is a
/// new update that `supersedes` an earlier one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub id: StatusUpdateId,
    pub initiative_id: InitiativeId,
    pub as_of: NaiveDate,
    pub status: Status,
    pub health: HealthReport,
    /// Unknown when the report gave a status without a figure.
    pub percent_complete: Option<Percent>,
    pub budget: Budget,
    pub narrative: Narrative,
    /// Internal: never shown to the public, never in the open data.
    pub internal_note: Option<String>,
    pub author: String,
    pub recorded_at: DateTime<Utc>,
    pub supersedes: Option<StatusUpdateId>,
}

/// The figures of a status update, without its narrative: what a portfolio
/// view, a roll-up or a comparison needs of each initiative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateSummary {
    pub update_id: StatusUpdateId,
    pub initiative_id: InitiativeId,
    pub as_of: NaiveDate,
    pub status: Status,
    pub health: HealthReport,
    pub percent_complete: Option<Percent>,
    pub budget: Budget,
}

/// A dated step of an initiative, with its current plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: MilestoneId,
    pub initiative_id: InitiativeId,
    pub title: Bilingual,
    /// The original plan; never changes.
    pub baseline_date: NaiveDate,
    /// The current plan (the latest revision's).
    pub forecast_date: NaiveDate,
    /// When it was reached, once it has been.
    pub actual_date: Option<NaiveDate>,
}

impl Milestone {
    /// Days between the baseline and the actual (or else forecast) date;
    /// positive is late.
    pub fn slippage_days(&self) -> i64 {
        (self.actual_date.unwrap_or(self.forecast_date) - self.baseline_date).num_days()
    }
}

/// One change of a milestone's plan: decided on `decided_on`, with its reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRevision {
    pub id: MilestoneRevisionId,
    pub milestone_id: MilestoneId,
    pub decided_on: NaiveDate,
    pub forecast_date: NaiveDate,
    pub actual_date: Option<NaiveDate>,
    pub reason: Bilingual,
    pub author: String,
    pub recorded_at: DateTime<Utc>,
}

/// A measured quantity with a baseline and a target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub initiative_id: InitiativeId,
    pub code: Code,
    pub name: Bilingual,
    /// "centres", "%", "boîtes aux lettres"…
    pub unit: Bilingual,
    pub direction: Direction,
    pub baseline: Option<(NaiveDate, f64)>,
    pub target: Option<(NaiveDate, f64)>,
}

/// A dated value of an indicator (the latest recorded wins for a date).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    pub id: IndicatorValueId,
    pub indicator_id: IndicatorId,
    pub measured_on: NaiveDate,
    pub value: f64,
    pub note: Bilingual,
    pub author: String,
    pub recorded_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilingual_text_falls_back_to_the_other_language() {
        let t = Bilingual::new("Mesure", "");
        assert_eq!(t.get(Locale::en), "Mesure");
        assert_eq!(t.language_of(Locale::en), Locale::fr);
        assert_eq!(t.get(Locale::fr), "Mesure");
        assert_eq!(t.language_of(Locale::fr), Locale::fr);
    }

    #[test]
    fn slippage_counts_days_from_the_baseline() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut m = Milestone {
            id: MilestoneId(1),
            initiative_id: InitiativeId(1),
            title: Bilingual::default(),
            baseline_date: d("2022-06-30"),
            forecast_date: d("2028-12-31"),
            actual_date: None,
        };
        assert_eq!(m.slippage_days(), 2376);
        m.actual_date = Some(d("2022-06-20"));
        assert_eq!(m.slippage_days(), -10);
    }

    #[test]
    fn budget_variance_needs_both_figures() {
        let b = Budget {
            approved: Some(Money(100)),
            forecast_at_completion: Some(Money(130)),
            ..Default::default()
        };
        assert_eq!(b.variance(), Some(Money(30)));
        assert_eq!(Budget::default().variance(), None);
    }
}
