//! The public projection: what the public (anonymous readers, the open
//! data, the Atom feeds) may see of an initiative and of its history.
//!
//! Two rules, each in one place:
//!
//! - **Which initiatives** are public is decided by the store, in
//!   `store::public::published_ids` (server only): published and not
//!   archived. It answers a [`PublishedIds`]; only [`PublishedIds::project`]
//!   turns an initiative into a [`PublicInitiative`] for the public, and it
//!   refuses (answers `None`) any initiative not in the set.
//! - **Which fields** are public is decided here: the types of this module
//!   have no field for anything internal (a status update's internal note,
//!   an author's e-mail address, an initiative's contact, visibility,
//!   version or audit data), so such a value cannot reach the public
//!   through them by accident.
//!
//! A published initiative whose parent is not public (internal, or
//! archived) is still public: its own visibility decides. It is shown on its
//! own, as a root of the public tree: its `parent_id` is `None`, so that
//! nothing of the parent (not even its id) is shown.
//!
//! No I/O here: compiled into the server and the browser bundle alike.

use super::kinds::{InitiativeKind, Status};
use super::model::{
    Bilingual, Budget, HealthReport, IndicatorId, IndicatorValue, IndicatorValueId, Initiative,
    InitiativeId, Narrative, StateSummary, StatusUpdate, StatusUpdateId,
};
use super::values::{Code, DateRange, Percent, Weight};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The initiatives the public may see, by id (what
/// `store::public::published_ids` reads).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedIds(HashSet<InitiativeId>);

impl PublishedIds {
    /// The set of `ids`; the store builds it from the publication rule.
    pub fn new(ids: impl IntoIterator<Item = InitiativeId>) -> Self {
        PublishedIds(ids.into_iter().collect())
    }

    /// Whether the public may see initiative `id`.
    pub fn contains(&self, id: InitiativeId) -> bool {
        self.0.contains(&id)
    }

    /// The set itself.
    pub fn into_set(self) -> HashSet<InitiativeId> {
        self.0
    }

    /// How many initiatives the public may see.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the public may see no initiative at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The parent the public is shown for `initiative`: its parent when
    /// that one is public too, otherwise none (it shows as a root).
    pub fn public_parent(&self, initiative: &Initiative) -> Option<InitiativeId> {
        initiative.parent_id.filter(|p| self.contains(*p))
    }

    /// `initiative` as the public sees it, or `None` when the public may
    /// not see it. `organisation` is the code of its owning organisation.
    pub fn project(
        &self,
        initiative: &Initiative,
        organisation: Option<Code>,
        state: Option<PublicState>,
    ) -> Option<PublicInitiative> {
        self.contains(initiative.id).then(|| {
            PublicInitiative::fields_of(
                initiative,
                self.public_parent(initiative),
                organisation,
                state,
            )
        })
    }
}

/// Which initiatives a figure counts: all of them (signed-in readers), or
/// only those of a set — for the public, the set `store::public` builds
/// from the publication rule (the published part of a subtree, or every
/// published initiative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    All,
    Only(HashSet<InitiativeId>),
}

impl Reach {
    /// Whether the figures count initiative `id`.
    pub fn includes(&self, id: InitiativeId) -> bool {
        match self {
            Reach::All => true,
            Reach::Only(ids) => ids.contains(&id),
        }
    }
}

/// The public fields of an initiative, with its state on a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicInitiative {
    pub id: InitiativeId,
    /// Its parent, only when the reader may see it (see the module's doc).
    pub parent_id: Option<InitiativeId>,
    pub kind: InitiativeKind,
    pub code: Code,
    pub title: Bilingual,
    pub description: Bilingual,
    /// The code of the owning organisation (a public body).
    pub organisation: Option<Code>,
    pub themes: Vec<Code>,
    pub dates: DateRange,
    pub weight: Weight,
    /// Its latest state on the date asked; `None` before its first update.
    pub state: Option<PublicState>,
}

impl PublicInitiative {
    /// Copies the public fields of `initiative`, showing `parent_id` as its
    /// parent. This decides nothing about who may see it: for the public,
    /// go through [`PublishedIds::project`].
    pub fn fields_of(
        initiative: &Initiative,
        parent_id: Option<InitiativeId>,
        organisation: Option<Code>,
        state: Option<PublicState>,
    ) -> Self {
        PublicInitiative {
            id: initiative.id,
            parent_id,
            kind: initiative.kind,
            code: initiative.code.clone(),
            title: initiative.title.clone(),
            description: initiative.description.clone(),
            organisation,
            themes: initiative.themes.clone(),
            dates: initiative.dates,
            weight: initiative.weight,
            state,
        }
    }
}

/// The figures of an initiative's state on a date: what its latest
/// effective status update by then says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicState {
    /// The date of the update the state comes from.
    pub as_of: NaiveDate,
    pub status: Status,
    pub health: HealthReport,
    pub percent_complete: Option<Percent>,
    pub budget: Budget,
}

impl From<&StateSummary> for PublicState {
    fn from(s: &StateSummary) -> Self {
        PublicState {
            as_of: s.as_of,
            status: s.status,
            health: s.health,
            percent_complete: s.percent_complete,
            budget: s.budget,
        }
    }
}

/// The public fields of a status update: its figures and its narrative in
/// both languages; never its internal note nor its author.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicStatusUpdate {
    pub id: StatusUpdateId,
    pub initiative_id: InitiativeId,
    pub as_of: NaiveDate,
    pub status: Status,
    pub health: HealthReport,
    pub percent_complete: Option<Percent>,
    pub budget: Budget,
    pub narrative: Narrative,
    /// When it was recorded (UTC).
    pub recorded_at: DateTime<Utc>,
    /// The earlier update of the same initiative that this one corrects.
    pub supersedes: Option<StatusUpdateId>,
}

impl From<&StatusUpdate> for PublicStatusUpdate {
    fn from(u: &StatusUpdate) -> Self {
        PublicStatusUpdate {
            id: u.id,
            initiative_id: u.initiative_id,
            as_of: u.as_of,
            status: u.status,
            health: u.health,
            percent_complete: u.percent_complete,
            budget: u.budget,
            narrative: u.narrative.clone(),
            recorded_at: u.recorded_at,
            supersedes: u.supersedes,
        }
    }
}

/// A public status update with what names its initiative: an entry of a
/// feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NamedUpdate {
    pub code: Code,
    pub title: Bilingual,
    pub update: PublicStatusUpdate,
}

/// The public fields of an indicator's value: its date, the value, its
/// note and when it was recorded; never who recorded it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicIndicatorValue {
    pub id: IndicatorValueId,
    pub indicator_id: IndicatorId,
    pub measured_on: NaiveDate,
    pub value: f64,
    pub note: Bilingual,
    /// When it was recorded (UTC).
    pub recorded_at: DateTime<Utc>,
}

impl From<&IndicatorValue> for PublicIndicatorValue {
    fn from(v: &IndicatorValue) -> Self {
        PublicIndicatorValue {
            id: v.id,
            indicator_id: v.indicator_id,
            measured_on: v.measured_on,
            value: v.value,
            note: v.note.clone(),
            recorded_at: v.recorded_at,
        }
    }
}

/// The values that count among `values` (in recording order, by date then
/// id, as the store reads them): the latest recorded for each date, by date.
pub fn effective_values(values: &[IndicatorValue]) -> Vec<&IndicatorValue> {
    let mut kept: Vec<&IndicatorValue> = Vec::with_capacity(values.len());
    for value in values {
        match kept.last_mut() {
            Some(last) if last.measured_on == value.measured_on => *last = value,
            _ => kept.push(value),
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{InitiativeForm, Visibility};

    fn initiative(id: i64, parent: Option<i64>) -> Initiative {
        let draft = InitiativeForm {
            parent_id: parent.map(|p| p.to_string()).unwrap_or_default(),
            kind: if parent.is_some() {
                "measure"
            } else {
                "strategy"
            }
            .into(),
            code: format!("M-{id}"),
            title_fr: "Titre".into(),
            title_en: "Title".into(),
            visibility: "published".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        Initiative {
            id: InitiativeId(id),
            parent_id: draft.parent_id,
            kind: draft.kind,
            code: draft.code,
            title: draft.title,
            description: draft.description,
            organisation_id: None,
            contact_id: None,
            dates: draft.dates,
            weight: draft.weight,
            themes: draft.themes,
            visibility: Visibility::Published,
            priority: false,
            archived: false,
            version: 1,
        }
    }

    #[test]
    fn only_the_initiatives_of_the_set_are_projected() {
        let published = PublishedIds::new([InitiativeId(1)]);
        assert!(published
            .project(&initiative(1, None), None, None)
            .is_some());
        assert!(published
            .project(&initiative(2, None), None, None)
            .is_none());
    }

    #[test]
    fn a_child_of_a_parent_the_public_cannot_see_shows_as_a_root() {
        let published = PublishedIds::new([InitiativeId(1), InitiativeId(3)]);
        let under_public = published.project(&initiative(3, Some(1)), None, None);
        assert_eq!(under_public.unwrap().parent_id, Some(InitiativeId(1)));
        let published = PublishedIds::new([InitiativeId(3)]);
        let under_internal = published.project(&initiative(3, Some(1)), None, None);
        assert_eq!(under_internal.unwrap().parent_id, None);
    }

    #[test]
    fn the_latest_value_recorded_for_a_date_is_the_one_that_counts() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let value = |id, date, value| IndicatorValue {
            id: IndicatorValueId(id),
            indicator_id: IndicatorId(1),
            measured_on: d(date),
            value,
            note: Bilingual::default(),
            author: "someone@example.org".into(),
            recorded_at: Utc::now(),
        };
        let values = [
            value(1, "2019-03-31", 10.0),
            value(4, "2019-03-31", 12.0),
            value(2, "2020-03-31", 8.0),
        ];
        let kept: Vec<(NaiveDate, f64)> = effective_values(&values)
            .into_iter()
            .map(|v| (v.measured_on, v.value))
            .collect();
        assert_eq!(
            kept,
            [(d("2019-03-31"), 12.0), (d("2020-03-31"), 8.0)].to_vec()
        );
    }
}
