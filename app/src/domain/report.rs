//! The information-sharing report (the shape of the documents in `seeds/`):
//! accomplishments of a period, priorities of the next 12 to 36 months,
//! issues and needs, topics of interest, each item with its date, its
//! initiative and its responsible contact.
//!
//! Pure functions only: [`draft`] turns what the store read
//! ([`ReportInput`]) into a [`Report`], [`adjust`] applies an editor's
//! changes (order, dropped items, added sentences) without touching the
//! data, and [`to_markdown`] writes it out, escaping whatever came from the
//! data. Nothing here reads the database or decides who may see the report
//! (it is internal: the pages and the API check the session or token).
//!
//! The drafting rules:
//! - **Accomplishments** use what is known now about the period: a
//!   milestone reached in the period counts even when it was recorded
//!   later. They are the roll-up of each strategy or programme (how many of
//!   its measures or projects stand in each status at the period's end, when
//!   one of them changed in the period), the initiatives that became
//!   completed in the period, the accomplishments narrated in the period by
//!   the initiatives that hold others or stand alone (a measure's or
//!   project's narrative is counted in its root's roll-up instead), the
//!   milestones whose actual date falls in the period, and the indicators
//!   whose latest value in the period moved the right way.
//! - **Priorities** are read as planned at the period's end: the open
//!   initiatives flagged as priorities (with their next steps and target
//!   date), the open milestones forecast and the other open initiatives'
//!   target dates falling in the 36 months after the period.
//! - **Issues and needs** are read as of the period's end: the issues of
//!   each open initiative's current update (flagged when at risk or off
//!   track), the milestones re-planned later during the period, and those
//!   overdue at its end.
//! - **Topics of interest** are the themes chosen for the report, each with
//!   the open initiatives that carry it.
//!
//! Items are grouped by the root of their initiative's tree (the strategy or
//! programme), roots in the order of their ids, then by date.

use super::history::{effective_updates, UpdateFact};
use super::kinds::{Direction, Health, InitiativeKind, Status};
use super::model::*;
use super::values::Code;
use super::{FieldError, Problem};
use crate::format;
use crate::i18n::*;
use chrono::{Months, NaiveDate};
use leptos_i18n::Locale as _;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How far after the period the priorities look: 36 months.
pub const PRIORITY_HORIZON_MONTHS: u32 = 36;

/// The period a report covers: `from` to `to`, both included, `to` not
/// before `from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPeriod {
    from: NaiveDate,
    to: NaiveDate,
}

impl ReportPeriod {
    /// Parses `from` and `to` (`YYYY-MM-DD`); an empty `to` is `today`, an
    /// empty `from` twelve months before `to` (the day after). Errors name
    /// `from` or `to`.
    pub fn parse(from: &str, to: &str, today: NaiveDate) -> Result<Self, FieldError> {
        let to = match to.trim() {
            "" => today,
            text => super::values::parse_date("to", text)?,
        };
        let from = match from.trim() {
            "" => default_from(to),
            text => super::values::parse_date("from", text)?,
        };
        if to < from {
            return Err(FieldError::new(
                "from",
                Problem::EndsBeforeStart {
                    start: from.to_string(),
                    end: to.to_string(),
                },
            ));
        }
        Ok(ReportPeriod { from, to })
    }

    /// The last twelve months up to `today`.
    pub fn last_twelve_months(today: NaiveDate) -> Self {
        ReportPeriod {
            from: default_from(today),
            to: today,
        }
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// The end of the priorities' horizon.
    pub fn horizon(&self) -> NaiveDate {
        self.to
            .checked_add_months(Months::new(PRIORITY_HORIZON_MONTHS))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// The day after the same day twelve months before `to`.
fn default_from(to: NaiveDate) -> NaiveDate {
    to.checked_sub_months(Months::new(12))
        .and_then(|d| d.succ_opt())
        .unwrap_or(to)
}

/// Parses a report's language code (`fr`, `en`); the error names `field`.
pub fn parse_language(field: &str, text: &str) -> Result<Locale, FieldError> {
    match text.trim() {
        "fr" => Ok(Locale::fr),
        "en" => Ok(Locale::en),
        other => Err(FieldError::new(
            field,
            Problem::Unknown {
                value: other.to_owned(),
                expected: vec!["fr".into(), "en".into()],
            },
        )),
    }
}

/// Parses the topics of a report: theme codes separated by commas or
/// spaces (each given once); the error names `field`.
pub fn parse_topics(field: &str, text: &str) -> Result<Vec<Code>, FieldError> {
    let mut topics: Vec<Code> = Vec::new();
    for code in text.split([',', ' ']).filter(|c| !c.is_empty()) {
        let code = Code::parse(field, code)?;
        if !topics.contains(&code) {
            topics.push(code);
        }
    }
    Ok(topics)
}

/// What a reader asks for: the period, the language, the topics.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRequest {
    pub period: ReportPeriod,
    pub locale: Locale,
    pub topics: Vec<Code>,
}

impl ReportRequest {
    /// Parses the four parameters of a report (`from`, `to`, `lang`,
    /// `themes`), each error naming its parameter; an empty `lang` is French.
    pub fn parse(
        from: &str,
        to: &str,
        lang: &str,
        themes: &str,
        today: NaiveDate,
    ) -> Result<Self, super::FieldErrors> {
        let mut errors = super::FieldErrors::default();
        let period = errors.take(ReportPeriod::parse(from, to, today));
        let lang = if lang.trim().is_empty() { "fr" } else { lang };
        let locale = errors.take(parse_language("lang", lang));
        let topics = errors.take(parse_topics("themes", themes));
        match (period, locale, topics) {
            (Some(period), Some(locale), Some(topics)) if errors.is_empty() => Ok(ReportRequest {
                period,
                locale,
                topics,
            }),
            _ => Err(errors),
        }
    }

    /// The query string that asks for it again (`from=…&to=…&lang=…&themes=…`).
    pub fn query(&self) -> String {
        let themes: Vec<&str> = self.topics.iter().map(Code::as_str).collect();
        format!(
            "from={}&to={}&lang={}&themes={}",
            self.period.from(),
            self.period.to(),
            self.locale.as_str(),
            themes.join(",")
        )
    }
}

/// What the drafting reads, as the store gives it.
#[derive(Clone, Debug, Default)]
pub struct ReportInput {
    pub initiatives: Vec<Initiative>,
    /// Every status update, corrections and corrected alike.
    pub updates: Vec<StatusUpdate>,
    /// Every milestone, as planned now.
    pub milestones: Vec<Milestone>,
    /// Every plan of every milestone.
    pub revisions: Vec<MilestoneRevision>,
    pub indicators: Vec<Indicator>,
    /// Every value of every indicator, by date then recording order.
    pub values: Vec<IndicatorValue>,
    pub contacts: Vec<Contact>,
    /// The themes by code, with their names.
    pub themes: Vec<(Code, Bilingual)>,
}

/// The four parts of the report, in the seed documents' order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Accomplishments,
    Priorities,
    Issues,
    Topics,
}

impl SectionKind {
    pub const ALL: [SectionKind; 4] = [
        SectionKind::Accomplishments,
        SectionKind::Priorities,
        SectionKind::Issues,
        SectionKind::Topics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Accomplishments => "accomplishments",
            SectionKind::Priorities => "priorities",
            SectionKind::Issues => "issues",
            SectionKind::Topics => "topics",
        }
    }

    /// The section's heading, numbered as in the seed documents.
    pub fn heading(self, locale: Locale) -> String {
        match self {
            SectionKind::Accomplishments => td_string!(locale, report.accomplishments),
            SectionKind::Priorities => td_string!(locale, report.priorities),
            SectionKind::Issues => td_string!(locale, report.issues),
            SectionKind::Topics => td_string!(locale, report.topics),
        }
        .to_string()
    }
}

/// What an item says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A strategy's or programme's measures or projects by status.
    Progress,
    /// An initiative that became completed in the period.
    Completed,
    /// Accomplishments narrated in the period.
    Reported,
    /// A milestone reached in the period.
    MilestoneReached,
    /// An indicator that moved toward its target.
    IndicatorMoved,
    /// An initiative flagged as a priority.
    Priority,
    /// An open milestone forecast within the horizon.
    PlannedMilestone,
    /// An initiative's target date within the horizon.
    TargetDate,
    /// The issues and needs of a current update.
    Issue,
    /// An initiative at risk or off track at the period's end.
    Health,
    /// A milestone re-planned later during the period.
    Replanned,
    /// A milestone past its forecast, not reached, at the period's end.
    Overdue,
    /// A theme chosen for the report.
    Topic,
    /// A sentence an editor added.
    Note,
}

/// The initiative an item is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemInitiative {
    pub id: InitiativeId,
    pub code: String,
    pub title: String,
}

/// One line of the report, its text in the report's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportItem {
    /// Stable within a draft (`completed-12`, `milestone-5`…): what an
    /// editor's changes refer to.
    pub key: String,
    pub kind: ItemKind,
    pub date: Option<NaiveDate>,
    pub initiative: Option<ItemInitiative>,
    /// The strategy or programme (root of the tree) it belongs to.
    pub group: Option<String>,
    /// The responsible contact: name and position.
    pub contact: Option<String>,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportSection {
    pub kind: SectionKind,
    pub items: Vec<ReportItem>,
}

/// A drafted (or adjusted) report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub period: ReportPeriod,
    /// `fr` or `en`.
    pub language: String,
    pub generated_on: NaiveDate,
    /// The four sections, always in [`SectionKind::ALL`] order.
    pub sections: Vec<ReportSection>,
}

impl Report {
    pub fn locale(&self) -> Locale {
        parse_language("lang", &self.language).unwrap_or(Locale::fr)
    }

    pub fn section(&self, kind: SectionKind) -> &[ReportItem] {
        self.sections
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| s.items.as_slice())
            .unwrap_or_default()
    }

    /// Every item, section after section.
    pub fn items(&self) -> impl Iterator<Item = (SectionKind, &ReportItem)> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s.kind, i)))
    }
}

/// An editor's changes to a draft: they never touch the data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportEdits {
    /// Keys of the items left out.
    pub dropped: HashSet<String>,
    /// A position for some items within their section (smaller first;
    /// items without one keep their place after those with one equal).
    pub positions: HashMap<String, i64>,
    /// Sentences added at the end of a section.
    pub added: Vec<(SectionKind, String)>,
}

/// Applies `edits` to `report`: drops, reorders (stable), adds notes.
pub fn adjust(report: &Report, edits: &ReportEdits) -> Report {
    let mut adjusted = report.clone();
    let mut note = 0;
    for section in &mut adjusted.sections {
        section.items.retain(|i| !edits.dropped.contains(&i.key));
        // Items keep their drafted place (1, 2, …) unless given a position;
        // an item given position `p` goes before the one drafted at `p`.
        let mut ranked: Vec<(i64, bool, usize, ReportItem)> = section
            .items
            .drain(..)
            .enumerate()
            .map(|(rank, item)| {
                let given = edits.positions.get(&item.key).copied();
                (
                    given.unwrap_or(rank as i64 + 1),
                    given.is_none(),
                    rank,
                    item,
                )
            })
            .collect();
        ranked.sort_by_key(|(position, drafted, rank, _)| (*position, *drafted, *rank));
        section.items = ranked.into_iter().map(|(_, _, _, item)| item).collect();
        for (kind, text) in &edits.added {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if *kind == section.kind && !text.is_empty() {
                note += 1;
                section.items.push(ReportItem {
                    key: format!("note-{note}"),
                    kind: ItemKind::Note,
                    date: None,
                    initiative: None,
                    group: None,
                    contact: None,
                    text,
                });
            }
        }
    }
    adjusted
}

/// What the drafting knows of each initiative.
struct Tree<'a> {
    by_id: HashMap<InitiativeId, &'a Initiative>,
    has_children: HashSet<InitiativeId>,
    contacts: HashMap<ContactId, &'a Contact>,
}

impl<'a> Tree<'a> {
    fn new(input: &'a ReportInput) -> Self {
        Tree {
            by_id: input.initiatives.iter().map(|i| (i.id, i)).collect(),
            has_children: input
                .initiatives
                .iter()
                .filter_map(|i| i.parent_id)
                .collect(),
            contacts: input.contacts.iter().map(|c| (c.id, c)).collect(),
        }
    }

    fn root(&self, id: InitiativeId) -> Option<&'a Initiative> {
        let mut current = *self.by_id.get(&id)?;
        // The tree has no loop (the store refuses one); the bound is a guard.
        for _ in 0..64 {
            match current.parent_id.and_then(|p| self.by_id.get(&p)) {
                Some(parent) => current = parent,
                None => break,
            }
        }
        Some(current)
    }

    /// The initiative's contact, or its nearest ancestor's.
    fn contact(&self, id: InitiativeId, locale: Locale) -> Option<String> {
        let mut current = self.by_id.get(&id).copied();
        for _ in 0..64 {
            let initiative = current?;
            if let Some(contact) = initiative.contact_id.and_then(|c| self.contacts.get(&c)) {
                let role = contact.role.get(locale);
                return Some(if role.is_empty() {
                    contact.name.clone()
                } else {
                    format!("{}, {role}", contact.name)
                });
            }
            current = initiative
                .parent_id
                .and_then(|p| self.by_id.get(&p).copied());
        }
        None
    }

    fn leaves_under(&self, root: InitiativeId) -> Vec<InitiativeId> {
        let mut leaves: Vec<InitiativeId> = self
            .by_id
            .values()
            .filter(|i| !i.archived && !self.has_children.contains(&i.id) && i.id != root)
            .filter(|i| self.root(i.id).map(|r| r.id) == Some(root))
            .map(|i| i.id)
            .collect();
        leaves.sort();
        leaves
    }
}

/// The effective updates of each initiative, in the order they take effect.
fn effective_by_initiative(updates: &[StatusUpdate]) -> HashMap<InitiativeId, Vec<&StatusUpdate>> {
    let mut grouped: HashMap<InitiativeId, Vec<&StatusUpdate>> = HashMap::new();
    for u in updates {
        grouped.entry(u.initiative_id).or_default().push(u);
    }
    grouped
        .into_iter()
        .map(|(id, list)| {
            let facts: Vec<UpdateFact> = list
                .iter()
                .map(|u| UpdateFact {
                    id: u.id,
                    as_of: u.as_of,
                    status: u.status,
                    health: u.health.overall,
                    supersedes: u.supersedes,
                })
                .collect();
            let by_id: HashMap<StatusUpdateId, &StatusUpdate> =
                list.iter().map(|u| (u.id, *u)).collect();
            let kept = effective_updates(&facts)
                .iter()
                .filter_map(|f| by_id.get(&f.id).copied())
                .collect();
            (id, kept)
        })
        .collect()
}

/// The latest of `updates` on or before `date`.
fn as_of<'a>(updates: &[&'a StatusUpdate], date: NaiveDate) -> Option<&'a StatusUpdate> {
    updates.iter().rev().find(|u| u.as_of <= date).copied()
}

fn is_open_status(status: Option<Status>) -> bool {
    !matches!(status, Some(Status::Completed | Status::Cancelled))
}

/// A milestone's plan as decided by `date` (forecast, actual known then), or
/// `None` when it had no plan yet.
fn plan_on(
    revisions: &[&MilestoneRevision],
    date: NaiveDate,
) -> Option<(NaiveDate, Option<NaiveDate>)> {
    revisions
        .iter()
        .rev()
        .find(|r| r.decided_on <= date)
        .map(|r| (r.forecast_date, r.actual_date.filter(|a| *a <= date)))
}

/// Drafts the report of `period` in `locale`, on `generated_on`, with the
/// topics `topics` (theme codes; unknown ones are ignored).
pub fn draft(
    input: &ReportInput,
    period: ReportPeriod,
    locale: Locale,
    topics: &[Code],
    generated_on: NaiveDate,
) -> Report {
    let tree = Tree::new(input);
    let updates = effective_by_initiative(&input.updates);
    let no_updates: Vec<&StatusUpdate> = Vec::new();
    let updates_of = |id: InitiativeId| updates.get(&id).unwrap_or(&no_updates);
    let status_on =
        |id: InitiativeId, date: NaiveDate| as_of(updates_of(id), date).map(|u| u.status);
    let before = period.from().pred_opt().unwrap_or(NaiveDate::MIN);
    let mut revisions: HashMap<MilestoneId, Vec<&MilestoneRevision>> = HashMap::new();
    for r in &input.revisions {
        revisions.entry(r.milestone_id).or_default().push(r);
    }
    for list in revisions.values_mut() {
        list.sort_by_key(|r| (r.decided_on, r.id));
    }
    let active: Vec<&Initiative> = input.initiatives.iter().filter(|i| !i.archived).collect();
    let live = |id: InitiativeId| tree.by_id.get(&id).is_some_and(|i| !i.archived);

    let item = |key: String,
                kind: ItemKind,
                date: Option<NaiveDate>,
                id: Option<InitiativeId>,
                text: String| {
        let initiative = id.and_then(|id| tree.by_id.get(&id).copied());
        ReportItem {
            key,
            kind,
            date,
            initiative: initiative.map(|i| ItemInitiative {
                id: i.id,
                code: i.code.to_string(),
                title: i.title.get(locale).to_owned(),
            }),
            group: id
                .and_then(|id| tree.root(id))
                .map(|r| format!("{} — {}", r.code, r.title.get(locale))),
            contact: id.and_then(|id| tree.contact(id, locale)),
            text,
        }
    };
    let date_text = |d: NaiveDate| format::long_date(locale, d);

    // 1. Accomplishments.
    let mut accomplishments = Vec::new();
    for root in active.iter().filter(|i| i.parent_id.is_none()) {
        let leaves = tree.leaves_under(root.id);
        if leaves.is_empty() {
            continue;
        }
        let moved = leaves
            .iter()
            .any(|l| updates_of(*l).iter().any(|u| period.contains(u.as_of)));
        if !moved {
            continue;
        }
        // Only what had a state by then counts (an area without measures
        // of its own is a leaf without updates).
        let states: Vec<Status> = leaves
            .iter()
            .filter_map(|l| status_on(*l, period.to()))
            .collect();
        let count = |status: Status| states.iter().filter(|s| **s == status).count();
        let total = states.len().to_string();
        let (completed, in_progress) = (
            count(Status::Completed).to_string(),
            count(Status::InProgress).to_string(),
        );
        let text = if root.kind == InitiativeKind::Programme {
            td_string!(
                locale,
                report.progress_projects,
                total = total,
                completed = completed,
                in_progress = in_progress
            )
            .to_string()
        } else {
            td_string!(
                locale,
                report.progress_measures,
                total = total,
                completed = completed,
                in_progress = in_progress
            )
            .to_string()
        };
        accomplishments.push(item(
            format!("progress-{}", root.id),
            ItemKind::Progress,
            Some(period.to()),
            Some(root.id),
            text,
        ));
    }
    for initiative in &active {
        let list = updates_of(initiative.id);
        let is_leaf = !tree.has_children.contains(&initiative.id) && initiative.parent_id.is_some();
        let became_completed = list.iter().enumerate().find(|(n, u)| {
            period.contains(u.as_of)
                && u.status == Status::Completed
                && (*n == 0 || list[n - 1].status != Status::Completed)
        });
        if let Some((_, u)) = became_completed {
            let narrative = u.narrative.accomplishments.get(locale);
            let text = if is_leaf || narrative.is_empty() {
                td_string!(locale, report.completed).to_string()
            } else {
                narrative.to_owned()
            };
            accomplishments.push(item(
                format!("completed-{}", initiative.id),
                ItemKind::Completed,
                Some(u.as_of),
                Some(initiative.id),
                text,
            ));
        }
        if is_leaf {
            continue;
        }
        let completed_update = became_completed.map(|(_, u)| u.id);
        for u in list.iter().filter(|u| period.contains(u.as_of)) {
            let text = u.narrative.accomplishments.get(locale);
            if text.is_empty() || Some(u.id) == completed_update {
                continue;
            }
            accomplishments.push(item(
                format!("reported-{}", u.id),
                ItemKind::Reported,
                Some(u.as_of),
                Some(initiative.id),
                text.to_owned(),
            ));
        }
    }
    for m in input.milestones.iter().filter(|m| live(m.initiative_id)) {
        if let Some(actual) = m.actual_date.filter(|a| period.contains(*a)) {
            accomplishments.push(item(
                format!("milestone-{}", m.id),
                ItemKind::MilestoneReached,
                Some(actual),
                Some(m.initiative_id),
                m.title.get(locale).to_owned(),
            ));
        }
    }
    for indicator in input.indicators.iter().filter(|i| live(i.initiative_id)) {
        // The latest value recorded for each date wins.
        let mut values: BTreeMap<NaiveDate, f64> = BTreeMap::new();
        for v in input
            .values
            .iter()
            .filter(|v| v.indicator_id == indicator.id)
        {
            values.insert(v.measured_on, v.value);
        }
        let Some((&on, &now)) = values.range(period.from()..=period.to()).next_back() else {
            continue;
        };
        let start = values
            .range(..=before)
            .next_back()
            .map(|(_, v)| *v)
            .or(indicator
                .baseline
                .filter(|(d, _)| *d <= before)
                .map(|(_, v)| v))
            .or_else(|| values.range(period.from()..on).next().map(|(_, v)| *v));
        let Some(start) = start else { continue };
        let better = match indicator.direction {
            Direction::Up => now > start,
            Direction::Down => now < start,
        };
        if !better {
            continue;
        }
        let unit = indicator.unit.get(locale);
        let mut text = format::labelled(
            locale,
            indicator.name.get(locale),
            &format!(
                "{} → {} {unit}",
                format::number(locale, start, decimals(start)),
                format::number(locale, now, decimals(now)),
            ),
        );
        if let Some((target_on, target)) = indicator.target {
            text.push_str(&format!(
                " ({})",
                td_string!(
                    locale,
                    report.indicator_target,
                    target = format::number(locale, target, decimals(target)),
                    date = date_text(target_on)
                )
            ));
        }
        accomplishments.push(item(
            format!("indicator-{}", indicator.id),
            ItemKind::IndicatorMoved,
            Some(on),
            Some(indicator.initiative_id),
            text,
        ));
    }

    // 2. Priorities, as planned at the period's end.
    let horizon = period.horizon();
    let ahead = |d: NaiveDate| period.to() < d && d <= horizon;
    let mut priorities = Vec::new();
    for initiative in active.iter().filter(|i| i.priority) {
        let current = as_of(updates_of(initiative.id), period.to());
        if !is_open_status(current.map(|u| u.status)) {
            continue;
        }
        let next = current
            .map(|u| u.narrative.next_steps.get(locale).to_owned())
            .unwrap_or_default();
        let text = if next.is_empty() {
            td_string!(locale, report.priority).to_string()
        } else {
            next
        };
        priorities.push(item(
            format!("priority-{}", initiative.id),
            ItemKind::Priority,
            initiative.dates.end(),
            Some(initiative.id),
            text,
        ));
    }
    for m in input.milestones.iter().filter(|m| live(m.initiative_id)) {
        let plan = revisions.get(&m.id).and_then(|r| plan_on(r, period.to()));
        let Some((forecast, None)) = plan else {
            continue;
        };
        if ahead(forecast) {
            priorities.push(item(
                format!("planned-{}", m.id),
                ItemKind::PlannedMilestone,
                Some(forecast),
                Some(m.initiative_id),
                m.title.get(locale).to_owned(),
            ));
        }
    }
    // A priority's item already carries its target date.
    for initiative in active.iter().filter(|i| !i.priority) {
        let Some(target) = initiative.dates.end().filter(|d| ahead(*d)) else {
            continue;
        };
        if !is_open_status(status_on(initiative.id, period.to())) {
            continue;
        }
        priorities.push(item(
            format!("target-{}", initiative.id),
            ItemKind::TargetDate,
            Some(target),
            Some(initiative.id),
            td_string!(locale, report.target_date).to_string(),
        ));
    }

    // 3. Issues and needs, as of the period's end.
    let mut issues = Vec::new();
    for initiative in &active {
        let Some(current) = as_of(updates_of(initiative.id), period.to()) else {
            continue;
        };
        if !is_open_status(Some(current.status)) {
            continue;
        }
        let narrative = current.narrative.issues.get(locale);
        let health = current.health.overall;
        let flagged = matches!(health, Health::AtRisk | Health::OffTrack);
        if narrative.is_empty() && !flagged {
            continue;
        }
        let (kind, text) = if flagged {
            let label = match health {
                Health::OffTrack => td_string!(locale, report.off_track),
                _ => td_string!(locale, report.at_risk),
            };
            let text = if narrative.is_empty() {
                label.to_string()
            } else {
                format!("{label} {narrative}")
            };
            (ItemKind::Health, text)
        } else {
            (ItemKind::Issue, narrative.to_owned())
        };
        issues.push(item(
            format!("issue-{}", initiative.id),
            kind,
            Some(current.as_of),
            Some(initiative.id),
            text,
        ));
    }
    for m in input.milestones.iter().filter(|m| live(m.initiative_id)) {
        let Some(list) = revisions.get(&m.id) else {
            continue;
        };
        for pair in list.windows(2) {
            let (earlier, later) = (pair[0], pair[1]);
            if period.contains(later.decided_on) && later.forecast_date > earlier.forecast_date {
                let reason = later.reason.get(locale);
                let mut text = td_string!(
                    locale,
                    report.replanned,
                    title = m.title.get(locale).to_owned(),
                    before = date_text(earlier.forecast_date),
                    after = date_text(later.forecast_date)
                )
                .to_string();
                if !reason.is_empty() {
                    text = format!("{text} {reason}");
                }
                issues.push(item(
                    format!("replanned-{}", later.id),
                    ItemKind::Replanned,
                    Some(later.decided_on),
                    Some(m.initiative_id),
                    text,
                ));
            }
        }
        if let Some((forecast, None)) = plan_on(list, period.to()) {
            if forecast < period.to() {
                issues.push(item(
                    format!("overdue-{}", m.id),
                    ItemKind::Overdue,
                    Some(forecast),
                    Some(m.initiative_id),
                    td_string!(
                        locale,
                        report.overdue,
                        title = m.title.get(locale).to_owned(),
                        date = date_text(forecast)
                    )
                    .to_string(),
                ));
            }
        }
    }

    // 4. Topics of interest.
    let mut topic_items = Vec::new();
    for code in topics {
        let Some((_, name)) = input.themes.iter().find(|(c, _)| c == code) else {
            continue;
        };
        let carriers: Vec<String> = active
            .iter()
            .filter(|i| i.themes.contains(code))
            .filter(|i| i.parent_id.is_none() || tree.has_children.contains(&i.id))
            .filter(|i| is_open_status(status_on(i.id, period.to())))
            .map(|i| i.code.to_string())
            .collect();
        let text = if carriers.is_empty() {
            name.get(locale).to_owned()
        } else {
            format::labelled(locale, name.get(locale), &carriers.join(", "))
        };
        topic_items.push(ReportItem {
            key: format!("topic-{code}"),
            kind: ItemKind::Topic,
            date: None,
            initiative: None,
            group: None,
            contact: None,
            text,
        });
    }

    let roots: HashMap<String, usize> = active
        .iter()
        .filter(|i| i.parent_id.is_none())
        .enumerate()
        .map(|(n, r)| (format!("{} — {}", r.code, r.title.get(locale)), n))
        .collect();
    let order = |items: &mut Vec<ReportItem>| {
        items.sort_by_key(|i| {
            (
                i.group
                    .as_ref()
                    .and_then(|g| roots.get(g))
                    .copied()
                    .unwrap_or(usize::MAX),
                i.date,
                i.initiative.as_ref().map(|x| x.id),
                i.key.clone(),
            )
        });
    };
    order(&mut accomplishments);
    order(&mut priorities);
    order(&mut issues);
    Report {
        period,
        language: locale.as_str().to_owned(),
        generated_on,
        sections: vec![
            ReportSection {
                kind: SectionKind::Accomplishments,
                items: accomplishments,
            },
            ReportSection {
                kind: SectionKind::Priorities,
                items: priorities,
            },
            ReportSection {
                kind: SectionKind::Issues,
                items: issues,
            },
            ReportSection {
                kind: SectionKind::Topics,
                items: topic_items,
            },
        ],
    }
}

/// Decimals enough for a value (whole numbers without).
fn decimals(value: f64) -> usize {
    if value.fract() == 0.0 {
        0
    } else {
        1
    }
}

/// `text` with every character Markdown could read as markup escaped, and
/// line breaks turned into spaces (an item is one line).
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '<' | '>' | '#' | '|'
            | '~' | '!' | '&' | '+' | '-' | '.' | '=' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The report as Markdown: title, period and generation date, then each
/// section with its items grouped by strategy or programme.
pub fn to_markdown(report: &Report) -> String {
    let locale = report.locale();
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", td_string!(locale, report.title)));
    out.push_str(&format!(
        "{}\n\n",
        escape_markdown(
            &td_string!(
                locale,
                report.period_line,
                from = format::long_date(locale, report.period.from()),
                to = format::long_date(locale, report.period.to()),
                generated = format::long_date(locale, report.generated_on)
            )
            .to_string()
        )
    ));
    out.push_str(&format!(
        "*{}*\n",
        escape_markdown(td_string!(locale, report.internal))
    ));
    for section in &report.sections {
        out.push_str(&format!(
            "\n## {}\n\n",
            escape_markdown(&section.kind.heading(locale))
        ));
        if section.items.is_empty() {
            out.push_str(&format!(
                "{}\n",
                escape_markdown(td_string!(locale, report.nothing))
            ));
            continue;
        }
        let mut group: Option<&str> = None;
        for item in &section.items {
            if item.group.is_some() && item.group.as_deref() != group {
                group = item.group.as_deref();
                out.push_str(&format!(
                    "\n### {}\n\n",
                    escape_markdown(group.unwrap_or_default())
                ));
            }
            out.push_str(&format!("- {}\n", item_line(locale, item)));
        }
    }
    out
}

/// One item as a line of Markdown (without its bullet).
pub fn item_line(locale: Locale, item: &ReportItem) -> String {
    let mut line = String::new();
    if let Some(date) = item.date {
        line.push_str(&format!(
            "**{}** — ",
            escape_markdown(&format::long_date(locale, date))
        ));
    }
    if let Some(i) = &item.initiative {
        line.push_str(&escape_markdown(&format::labelled(
            locale,
            &format!("{} {}", i.code, i.title),
            &item.text,
        )));
    } else {
        line.push_str(&escape_markdown(&item.text));
    }
    if let Some(contact) = &item.contact {
        line.push_str(&format!(
            " *({})*",
            escape_markdown(&format::labelled(
                locale,
                td_string!(locale, report.contact),
                contact
            ))
        ));
    }
    line
}

/// The name of the report's Markdown file.
pub fn file_name(report: &Report) -> String {
    format!(
        "jalons-information-sharing-{}-{}-{}.md",
        report.period.from(),
        report.period.to(),
        report.locale().as_str()
    )
}

/// A saved version of the report, as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportVersionSummary {
    pub id: i64,
    pub period: ReportPeriod,
    /// `fr` or `en`.
    pub language: String,
    pub generated_on: NaiveDate,
    pub saved_by: String,
    pub saved_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::{DateRange, Percent, Weight};
    use crate::domain::Visibility;
    use chrono::Utc;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn initiative(id: i64, parent: Option<i64>, kind: InitiativeKind, code: &str) -> Initiative {
        Initiative {
            id: InitiativeId(id),
            parent_id: parent.map(InitiativeId),
            kind,
            code: Code::parse("code", code).unwrap(),
            title: Bilingual::new(format!("Titre {code}"), format!("Title {code}")),
            description: Bilingual::default(),
            organisation_id: None,
            contact_id: None,
            dates: DateRange::default(),
            weight: Weight::new("weight", 1.0).unwrap(),
            themes: vec![],
            visibility: Visibility::Published,
            priority: false,
            archived: false,
            version: 1,
        }
    }

    fn update(id: i64, initiative: i64, as_of: &str, status: Status) -> StatusUpdate {
        StatusUpdate {
            id: StatusUpdateId(id),
            initiative_id: InitiativeId(initiative),
            as_of: d(as_of),
            status,
            health: HealthReport::overall(Health::OnTrack),
            percent_complete: Some(Percent::new("p", 50).unwrap()),
            budget: Budget::default(),
            narrative: Narrative::default(),
            internal_note: None,
            author: "test".into(),
            recorded_at: Utc::now(),
            supersedes: None,
        }
    }

    fn revision(
        id: i64,
        milestone: i64,
        decided: &str,
        forecast: &str,
        actual: Option<&str>,
    ) -> MilestoneRevision {
        MilestoneRevision {
            id: MilestoneRevisionId(id),
            milestone_id: MilestoneId(milestone),
            decided_on: d(decided),
            forecast_date: d(forecast),
            actual_date: actual.map(d),
            reason: Bilingual::new("Raison", "Reason"),
            author: "test".into(),
            recorded_at: Utc::now(),
        }
    }

    /// A strategy (1) with two measures (2, 3), a priority programme (4)
    /// with a milestone re-planned in 2019, and a contact on the strategy.
    fn input() -> ReportInput {
        let mut strategy = initiative(1, None, InitiativeKind::Strategy, "S");
        strategy.contact_id = Some(ContactId(1));
        strategy.themes = vec![Code::parse("t", "talent").unwrap()];
        let mut programme = initiative(4, None, InitiativeKind::Programme, "P");
        programme.priority = true;
        programme.dates = DateRange::new("target", None, Some(d("2021-06-30"))).unwrap();
        let mut report = update(10, 1, "2019-03-31", Status::InProgress);
        report.narrative.accomplishments = Bilingual::new("Loi *adoptée*", "Act *passed*");
        let mut at_risk = update(13, 4, "2019-02-28", Status::InProgress);
        at_risk.health = HealthReport::overall(Health::AtRisk);
        at_risk.narrative.issues = Bilingual::new("Ajustements légaux", "Legal adjustments");
        at_risk.narrative.next_steps = Bilingual::new("Lancement", "Launch");
        ReportInput {
            initiatives: vec![
                strategy,
                initiative(2, Some(1), InitiativeKind::Measure, "M1"),
                initiative(3, Some(1), InitiativeKind::Measure, "M2"),
                programme,
            ],
            updates: vec![
                report,
                update(11, 2, "2018-06-30", Status::InProgress),
                update(12, 2, "2019-05-31", Status::Completed),
                update(14, 3, "2018-06-30", Status::InProgress),
                at_risk,
            ],
            milestones: vec![
                Milestone {
                    id: MilestoneId(1),
                    initiative_id: InitiativeId(4),
                    title: Bilingual::new("Lancement", "Launch"),
                    baseline_date: d("2019-09-30"),
                    forecast_date: d("2020-12-31"),
                    actual_date: None,
                },
                Milestone {
                    id: MilestoneId(2),
                    initiative_id: InitiativeId(1),
                    title: Bilingual::new("Loi sanctionnée", "Act assented"),
                    baseline_date: d("2019-10-10"),
                    forecast_date: d("2019-10-10"),
                    actual_date: Some(d("2019-10-10")),
                },
            ],
            revisions: vec![
                revision(1, 1, "2019-01-31", "2019-09-30", None),
                revision(2, 1, "2019-08-31", "2020-12-31", None),
                revision(3, 2, "2020-01-31", "2019-10-10", Some("2019-10-10")),
            ],
            indicators: vec![],
            values: vec![],
            contacts: vec![Contact {
                id: ContactId(1),
                organisation_id: None,
                name: "Benoit Boivin".into(),
                role: Bilingual::new("Secrétaire associé", "Associate secretary"),
                email: None,
            }],
            themes: vec![(
                Code::parse("t", "talent").unwrap(),
                Bilingual::new("Talents", "Talent"),
            )],
        }
    }

    fn year_2019() -> ReportPeriod {
        ReportPeriod::parse("2019-01-01", "2019-12-31", d("2026-01-01")).unwrap()
    }

    fn keys(report: &Report, section: SectionKind) -> Vec<String> {
        report
            .section(section)
            .iter()
            .map(|i| i.key.clone())
            .collect()
    }

    #[test]
    fn a_period_defaults_to_the_last_twelve_months_and_names_its_bad_field() {
        let today = d("2026-12-01");
        let p = ReportPeriod::parse("", "", today).unwrap();
        assert_eq!((p.from(), p.to()), (d("2025-12-02"), today));
        assert_eq!(p, ReportPeriod::last_twelve_months(today));
        assert_eq!(
            ReportPeriod::parse("2019-13-01", "", today)
                .unwrap_err()
                .field,
            "from"
        );
        assert_eq!(
            ReportPeriod::parse("", "nope", today).unwrap_err().field,
            "to"
        );
        let reversed = ReportPeriod::parse("2020-01-01", "2019-01-01", today).unwrap_err();
        assert_eq!(reversed.field, "from");
        assert_eq!(parse_language("lang", "de").unwrap_err().field, "lang");
        assert_eq!(p.horizon(), d("2029-12-01"));
    }

    #[test]
    fn accomplishments_count_measures_and_list_what_was_done_in_the_period() {
        let report = draft(&input(), year_2019(), Locale::en, &[], d("2026-01-01"));
        assert_eq!(
            keys(&report, SectionKind::Accomplishments),
            ["reported-10", "completed-2", "milestone-2", "progress-1"]
        );
        let items = report.section(SectionKind::Accomplishments);
        assert_eq!(items[3].text, "2 measures: 1 completed, 1 in progress.");
        // A measure's completion is listed without its narrative; the
        // contact is its strategy's.
        assert_eq!(items[1].text, "Completed.");
        assert_eq!(
            items[1].contact.as_deref(),
            Some("Benoit Boivin, Associate secretary")
        );
        assert_eq!(items[1].group.as_deref(), Some("S — Title S"));
        assert_eq!(items[0].text, "Act *passed*");
        // Reached in the period, even though it was recorded after it.
        assert_eq!(items[2].date, Some(d("2019-10-10")));
    }

    #[test]
    fn priorities_issues_and_topics_are_read_at_the_period_end() {
        let talent = Code::parse("t", "talent").unwrap();
        let report = draft(
            &input(),
            year_2019(),
            Locale::fr,
            &[talent],
            d("2026-01-01"),
        );
        assert_eq!(
            keys(&report, SectionKind::Priorities),
            ["planned-1", "priority-4"]
        );
        assert_eq!(report.section(SectionKind::Priorities)[1].text, "Lancement");
        assert_eq!(
            report.section(SectionKind::Priorities)[1].date,
            Some(d("2021-06-30"))
        );
        assert_eq!(
            keys(&report, SectionKind::Issues),
            ["issue-4", "replanned-2"]
        );
        let issues = report.section(SectionKind::Issues);
        assert_eq!(issues[0].kind, ItemKind::Health);
        assert_eq!(issues[0].text, "À risque. Ajustements légaux");
        assert!(
            issues[1].text.contains("30 septembre 2019"),
            "{}",
            issues[1].text
        );
        assert!(
            issues[1].text.contains("31 décembre 2020"),
            "{}",
            issues[1].text
        );
        assert_eq!(
            report.section(SectionKind::Topics)[0].text,
            "Talents\u{a0}: S"
        );
        // Without its re-plan, the milestone is overdue at the period's end.
        let mut data = input();
        data.revisions.retain(|r| r.id.0 != 2);
        let report = draft(&data, year_2019(), Locale::en, &[], d("2026-01-01"));
        assert_eq!(keys(&report, SectionKind::Issues), ["issue-4", "overdue-1"]);
    }

    #[test]
    fn archived_initiatives_and_superseded_updates_are_left_out() {
        let mut data = input();
        data.initiatives[3].archived = true;
        let mut correction = update(15, 2, "2019-05-31", Status::InProgress);
        correction.supersedes = Some(StatusUpdateId(12));
        data.updates.push(correction);
        let report = draft(&data, year_2019(), Locale::en, &[], d("2026-01-01"));
        assert!(report
            .items()
            .all(|(_, i)| i.initiative.as_ref().is_none_or(|x| x.id.0 != 4)));
        assert!(!keys(&report, SectionKind::Accomplishments).contains(&"completed-2".to_owned()));
    }

    #[test]
    fn an_editor_drops_reorders_and_adds_without_touching_the_rest() {
        let report = draft(&input(), year_2019(), Locale::en, &[], d("2026-01-01"));
        let edits = ReportEdits {
            dropped: ["milestone-2".to_owned()].into(),
            positions: [("progress-1".to_owned(), 1)].into(),
            added: vec![
                (SectionKind::Issues, "  Need:\nsharing   policies. ".into()),
                (SectionKind::Topics, "   ".into()),
            ],
        };
        let adjusted = adjust(&report, &edits);
        assert_eq!(
            keys(&adjusted, SectionKind::Accomplishments),
            ["progress-1", "reported-10", "completed-2"]
        );
        let issues = adjusted.section(SectionKind::Issues);
        assert_eq!(issues.last().unwrap().text, "Need: sharing policies.");
        assert_eq!(issues.last().unwrap().kind, ItemKind::Note);
        assert!(adjusted.section(SectionKind::Topics).is_empty());
        assert_eq!(adjusted.period, report.period);
    }

    #[test]
    fn markdown_has_the_period_the_sections_and_escapes_the_data() {
        let mut data = input();
        data.initiatives[0].title.en = "A [link](http://x) <b>#1</b>".into();
        let report = draft(&data, year_2019(), Locale::en, &[], d("2026-01-01"));
        let md = to_markdown(&report);
        assert!(md.starts_with("# Information-sharing template: report of the period\n"));
        assert!(md.contains("Period from January 1, 2019 to December 31, 2019\\. Draft generated on January 1, 2026\\."), "{md}");
        for heading in [
            "## 1\\. Accomplishments",
            "## 2\\. Priorities",
            "## 3\\. Issues and needs",
            "## 4\\. Topics of interest",
        ] {
            assert!(md.contains(heading), "{heading} in {md}");
        }
        assert!(
            md.contains("### S — A \\[link\\]\\(http://x\\) \\<b\\>\\#1\\</b\\>"),
            "{md}"
        );
        assert!(md.contains("Act \\*passed\\*"), "{md}");
        assert!(!md.contains("<b>"));
        assert!(
            md.contains("*(Contact: Benoit Boivin, Associate secretary)*"),
            "{md}"
        );
        assert_eq!(escape_markdown("a_b\nc|d\\"), "a\\_b c\\|d\\\\");
        let fr = to_markdown(&draft(
            &input(),
            year_2019(),
            Locale::fr,
            &[],
            d("2026-01-01"),
        ));
        assert!(fr.contains("## 1\\. Réalisations"), "{fr}");
        assert!(
            fr.contains("4\\. Sujets d’intérêt\n\nRien pour cette période\\."),
            "{fr}"
        );
    }

    #[test]
    fn a_report_survives_json() {
        let report = draft(&input(), year_2019(), Locale::fr, &[], d("2026-01-01"));
        let back: Report = serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
        assert_eq!(back, report);
        assert_eq!(
            file_name(&report),
            "jalons-information-sharing-2019-01-01-2019-12-31-fr.md"
        );
    }
}
