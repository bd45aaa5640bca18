//! Pieces the dashboard pages share: health badges, the as-of note and
//! date control, the comparison between two dates, and a chart with its
//! text alternative, data table and downloads.

use super::labels::*;
use crate::domain::history::Changes;
use crate::domain::*;
use crate::format;
use crate::i18n::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use serde::{Deserialize, Serialize};

/// A health, as a badge whose colour is doubled by its word and a symbol.
pub fn health_badge(i18n: leptos_i18n::I18nContext<Locale>, health: Health) -> impl IntoView {
    view! {
        <span class=format!("health health--{}", health.as_str())>
            <span aria-hidden="true">{health_symbol(health)} " "</span>
            {move || health_label(i18n, health)}
        </span>
    }
}

/// The shape beside a health's name: the badge tells by shape, not colour only.
fn health_symbol(health: Health) -> &'static str {
    match health {
        Health::OnTrack => "●",
        Health::AtRisk => "▲",
        Health::OffTrack => "■",
    }
}

/// [`health_badge`] as HTML, for rows written as one piece.
pub fn health_badge_html(i18n: leptos_i18n::I18nContext<Locale>, health: Health) -> String {
    format!(
        "<span class=\"health health--{}\"><span aria-hidden=\"true\">{} </span>{}</span>",
        health.as_str(),
        health_symbol(health),
        html_escape::encode_text(health_label(i18n, health))
    )
}

/// A status update's narrative in the reader's language (each part marked
/// with the language it is written in, when it falls back to the other).
#[component]
pub fn NarrativeText(narrative: Narrative) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let part = move |label: &'static str, text: Bilingual| {
        (!text.is_empty()).then(|| {
            view! {
                <p lang=text.language_of(locale).as_str()><strong>{label} " : "</strong>{text.get(locale).to_owned()}</p>
            }
        })
    };
    view! {
        {part(t_string!(i18n, update.accomplishments), narrative.accomplishments)}
        {part(t_string!(i18n, update.next_steps), narrative.next_steps)}
        {part(t_string!(i18n, update.issues), narrative.issues)}
    }
}

/// Codes and titles of initiatives, for the labels of lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Names(pub Vec<(InitiativeId, Code, Bilingual)>);

impl Names {
    pub fn of<'a>(initiatives: impl IntoIterator<Item = &'a Initiative>) -> Self {
        Names(
            initiatives
                .into_iter()
                .map(|i| (i.id, i.code.clone(), i.title.clone()))
                .collect(),
        )
    }

    /// A link to the initiative's page as of `date`.
    pub fn link(&self, locale: Locale, id: InitiativeId, date: NaiveDate) -> impl IntoView {
        let found = self.0.iter().find(|(i, _, _)| *i == id).cloned();
        let href = format!("/{}/initiatives/{}?as_of={date}", locale.as_str(), id.0);
        match found {
            Some((_, code, title)) => view! {
                <a href=href lang=title.language_of(locale).as_str()>
                    <span class="code">{code.to_string()}</span> " " {title.get(locale).to_owned()}
                </a>
            }
            .into_any(),
            None => view! { <a href=href>{format!("#{}", id.0)}</a> }.into_any(),
        }
    }
}

/// Says which date the page shows when it is not today, with a way back.
#[component]
pub fn AsOfNote(date: NaiveDate, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let past = date < today;
    view! {
        <p class=if past { "as-of as-of--past" } else { "as-of" } data-testid="as-of">
            {if past {
                t_string!(i18n, dashboard.showing_as_of, date = format::long_date(locale, date)).to_string()
            } else {
                t_string!(i18n, dashboard.showing_today, date = format::long_date(locale, date)).to_string()
            }}
            {past.then(|| view! { " " <a href="?">{t!(i18n, dashboard.back_to_today)}</a> })}
        </p>
    }
}

/// The date control of a page: show it as of a date, compared with another.
#[component]
pub fn AsOfForm(
    asked: Option<NaiveDate>,
    compare: Option<NaiveDate>,
    today: NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" class="form form--filters form--inline" aria-label=move || t_string!(i18n, dashboard.date_control) data-testid="as-of-form">
            <div class="field">
                <label for="as-of-date">{t!(i18n, dashboard.as_of)}</label>
                <input id="as-of-date" name="as_of" type="date" max=today.to_string() value=asked.map(|d| d.to_string()).unwrap_or_default() />
            </div>
            <div class="field">
                <label for="compare-date">{t!(i18n, dashboard.compare_with)}</label>
                <input id="compare-date" name="compare" type="date" max=today.to_string() value=compare.map(|d| d.to_string()).unwrap_or_default() />
            </div>
            <p class="actions">
                <button type="submit" class="button-primary">{t!(i18n, dashboard.show)}</button>
            </p>
        </form>
    }
}

/// What changed between two dates: initiatives added, statuses and health
/// that changed, milestones whose forecast moved.
#[component]
pub fn ChangesSection(changes: Changes, names: Names) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (Some(from), Some(to)) = (changes.from, changes.to) else {
        return ().into_any();
    };
    let nothing = changes.added.is_empty()
        && changes.status_changed.is_empty()
        && changes.health_changed.is_empty()
        && changes.milestones_moved.is_empty();
    let names_a = names.clone();
    let names_b = names.clone();
    let names_c = names.clone();
    view! {
        <section aria-labelledby="changes-heading" class="changes" data-testid="changes">
            <h2 id="changes-heading">
                {t_string!(i18n, dashboard.changes_heading, from = format::long_date(locale, from), to = format::long_date(locale, to)).to_string()}
            </h2>
            {nothing.then(|| view! { <p class="muted">{t!(i18n, dashboard.no_changes)}</p> })}
            {(!changes.added.is_empty()).then(|| view! {
                <h3>{t_string!(i18n, dashboard.added, n = changes.added.len()).to_string()}</h3>
                <ul data-testid="changes-added">
                    {changes.added.iter().map(|id| view! { <li>{names.link(locale, *id, to)}</li> }).collect_view()}
                </ul>
            })}
            {(!changes.status_changed.is_empty()).then(|| view! {
                <h3>{t_string!(i18n, dashboard.status_changed, n = changes.status_changed.len()).to_string()}</h3>
                <ul data-testid="changes-status">
                    {changes.status_changed.iter().map(|c| {
                        let (before, after) = (c.before, c.after);
                        view! {
                            <li>
                                {names_a.link(locale, c.initiative_id, to)} " : "
                                {move || status_label(i18n, before)} " → " {move || status_label(i18n, after)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {(!changes.health_changed.is_empty()).then(|| view! {
                <h3>{t_string!(i18n, dashboard.health_changed, n = changes.health_changed.len()).to_string()}</h3>
                <ul data-testid="changes-health">
                    {changes.health_changed.iter().map(|c| view! {
                        <li>
                            {names_b.link(locale, c.initiative_id, to)} " : "
                            {health_badge(i18n, c.before)} " → " {health_badge(i18n, c.after)}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!changes.milestones_moved.is_empty()).then(|| view! {
                <h3>{t_string!(i18n, dashboard.milestones_moved, n = changes.milestones_moved.len()).to_string()}</h3>
                <ul data-testid="changes-milestones">
                    {changes.milestones_moved.iter().map(|m| {
                        let before = m.before.map(|d| format::long_date(locale, d));
                        view! {
                            <li>
                                {names_c.link(locale, m.initiative_id, to)} " : "
                                {match before {
                                    Some(b) => view! { {b} " → " {format::long_date(locale, m.after)} }.into_any(),
                                    None => view! { {t!(i18n, dashboard.new_milestone)} " " {format::long_date(locale, m.after)} }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
    .into_any()
}

/// A chart drawn on the server: the SVG written into the page when it is
/// given (named by its own title and description), else as an image of its
/// address whose text alternative is its title; its description below it,
/// the data as a table (folded), and links to download the SVG and the CSV.
#[component]
pub fn ChartFigure(
    /// Unique on the page.
    id: String,
    title: String,
    description: String,
    /// The chart's address without extension: `…/completion`.
    href: String,
    /// `?as_of=…` or empty.
    query: String,
    /// The chart's SVG, when it is drawn into the page.
    svg: Option<String>,
    /// The data table, with its own caption.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let desc_id = format!("{id}-desc");
    view! {
        <figure class="chart" id=id.clone() data-testid=id.clone()>
            <figcaption>
                <h3 class="chart__title">{title.clone()}</h3>
                <p class="chart__desc" id=desc_id.clone()>{description}</p>
            </figcaption>
            {match svg {
                Some(svg) => view! { <div class="chart__image chart__image--drawn" inner_html=svg></div> }.into_any(),
                None => view! {
                    <img class="chart__image" src=format!("{href}.svg{query}") alt=title aria-describedby=desc_id loading="lazy" width="720" height="360" />
                }.into_any(),
            }}
            <details class="chart__data">
                <summary>{t!(i18n, dashboard.data_table)}</summary>
                {children()}
            </details>
            <p class="chart__downloads small">
                <a href=format!("{href}.svg{query}") download="">{t!(i18n, dashboard.download_svg)}</a>
                " · "
                <a href=format!("{href}.csv{query}") download="">{t!(i18n, dashboard.download_csv)}</a>
            </p>
        </figure>
    }
}
