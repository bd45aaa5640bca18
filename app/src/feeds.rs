//! Atom feeds of the published status updates (server only), in French or
//! English: the whole site's (`/{lang}/feed.atom`) and one initiative's
//! (`/{lang}/initiatives/{id}/feed.atom`). The server routes them; the
//! feeds are built here with `atom_syndication`, which writes and escapes
//! the XML.
//!
//! A feed holds the latest [`FEED_LENGTH`] effective updates (a correction
//! replaces what it corrects), the latest recorded first, read through
//! [`crate::store::public`]: only initiatives the public may see, only
//! public fields (never an internal note or an author's address).
//!
//! Identifiers are URNs that depend on nothing but the language and the
//! record (`urn:jalons:fr:feed`, `urn:jalons:en:status-update:42`), so they
//! stay the same whatever address the site is reached at; links are paths
//! from the site's root (`/fr/progress/7`, the public page), which a reader resolves
//! against the feed's own address.

use crate::domain::public::{NamedUpdate, PublicStatusUpdate};
use crate::domain::{Health, InitiativeId, Status};
use crate::format;
use crate::i18n::*;
use crate::store::{public, Db, StoreError};
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{DateTime, Utc};
use leptos_i18n::Locale as _;

/// How many entries a feed holds.
pub const FEED_LENGTH: u32 = 50;

/// The media type of a feed.
pub const CONTENT_TYPE: &str = "application/atom+xml";

/// The site-wide feed in `locale`: the latest published status updates.
pub async fn site_feed(db: &Db, locale: Locale) -> Result<String, StoreError> {
    let lang = locale.as_str();
    let updates = public::latest_updates(db, None, FEED_LENGTH).await?;
    let head = Head {
        id: format!("urn:jalons:{lang}:feed"),
        title: format!(
            "{} — {}",
            td_string!(locale, site.name),
            td_string!(locale, site.tagline)
        ),
        subtitle: Some(td_string!(locale, site.footer).to_owned()),
        self_path: format!("/{lang}/feed.atom"),
        page_path: format!("/{lang}"),
    };
    Ok(feed(locale, head, &updates).to_string())
}

/// The feed of initiative `id` in `locale`, or `None` when the public may
/// not see it (or it does not exist).
pub async fn initiative_feed(
    db: &Db,
    locale: Locale,
    id: InitiativeId,
) -> Result<Option<String>, StoreError> {
    let today = Utc::now().date_naive();
    let Some(initiative) = public::initiative(db, id, today).await? else {
        return Ok(None);
    };
    let lang = locale.as_str();
    let updates = public::latest_updates(db, Some(id), FEED_LENGTH).await?;
    let head = Head {
        id: format!("urn:jalons:{lang}:initiative:{id}:feed"),
        title: format!(
            "{} — {} {}",
            td_string!(locale, site.name),
            initiative.code,
            initiative.title.get(locale)
        ),
        subtitle: Some(initiative.description.get(locale).to_owned()).filter(|s| !s.is_empty()),
        self_path: format!("/{lang}/initiatives/{id}/feed.atom"),
        page_path: initiative_path(locale, id),
    };
    Ok(Some(feed(locale, head, &updates).to_string()))
}

/// What tells one feed from another.
struct Head {
    id: String,
    title: String,
    subtitle: Option<String>,
    /// The feed's own address.
    self_path: String,
    /// The page the feed follows.
    page_path: String,
}

/// The address of an initiative's public page.
fn initiative_path(locale: Locale, id: InitiativeId) -> String {
    crate::pages::progress_href(locale, id)
}

fn link(href: String, rel: &str, mime_type: &str, locale: Locale) -> Link {
    Link {
        href,
        rel: rel.to_owned(),
        mime_type: Some(mime_type.to_owned()),
        hreflang: Some(locale.as_str().to_owned()),
        ..Link::default()
    }
}

fn instant(at: DateTime<Utc>) -> FixedDateTime {
    at.fixed_offset()
}

/// The feed of `updates` (the latest recorded first) under `head`.
fn feed(locale: Locale, head: Head, updates: &[NamedUpdate]) -> Feed {
    let entries: Vec<Entry> = updates.iter().map(|u| entry(locale, u)).collect();
    // Atom requires a date; a feed without entries is as new as the request.
    let updated = updates
        .iter()
        .map(|u| u.update.recorded_at)
        .max()
        .unwrap_or_else(Utc::now);
    Feed {
        id: head.id,
        title: Text::plain(head.title),
        subtitle: head.subtitle.map(Text::plain),
        updated: instant(updated),
        authors: vec![Person {
            name: td_string!(locale, site.name).to_owned(),
            ..Person::default()
        }],
        links: vec![
            link(head.self_path, "self", CONTENT_TYPE, locale),
            link(head.page_path, "alternate", "text/html", locale),
        ],
        lang: Some(locale.as_str().to_owned()),
        entries,
        ..Feed::default()
    }
}

/// One status update as an entry: titled with its initiative's code and
/// title and its status, linking to the initiative's page, its content the
/// update's figures and narrative as plain text.
fn entry(locale: Locale, named: &NamedUpdate) -> Entry {
    let update = &named.update;
    let title = format!(
        "{} {} — {}",
        named.code,
        named.title.get(locale),
        status_label(locale, update.status)
    );
    Entry {
        id: format!("urn:jalons:{}:status-update:{}", locale.as_str(), update.id),
        title: Text::plain(title),
        updated: instant(update.recorded_at),
        links: vec![link(
            initiative_path(locale, update.initiative_id),
            "alternate",
            "text/html",
            locale,
        )],
        content: Some(Content {
            value: Some(content(locale, update)),
            content_type: Some("text".to_owned()),
            lang: Some(locale.as_str().to_owned()),
            ..Content::default()
        }),
        ..Entry::default()
    }
}

/// The text of an entry: the date, health and percent complete, then each
/// part of the narrative that is not empty, under its heading.
fn content(locale: Locale, update: &PublicStatusUpdate) -> String {
    let mut lines = vec![
        format!(
            "{} {}",
            td_string!(locale, update.as_of),
            format::long_date(locale, update.as_of)
        ),
        format::labelled(
            locale,
            td_string!(locale, update.health),
            health_label(locale, update.health.overall),
        ),
    ];
    if let Some(percent) = update.percent_complete {
        lines.push(format::labelled(
            locale,
            td_string!(locale, update.percent_complete),
            &format::percent(locale, f64::from(percent.get()), 0),
        ));
    }
    let narrative = &update.narrative;
    for (heading, text) in [
        (
            td_string!(locale, update.accomplishments),
            &narrative.accomplishments,
        ),
        (td_string!(locale, update.next_steps), &narrative.next_steps),
        (td_string!(locale, update.issues), &narrative.issues),
    ] {
        if !text.is_empty() {
            lines.push(String::new());
            lines.push(heading.to_owned());
            lines.push(text.get(locale).to_owned());
        }
    }
    lines.join("\n")
}

fn status_label(locale: Locale, status: Status) -> &'static str {
    match status {
        Status::Planned => td_string!(locale, status.planned),
        Status::InProgress => td_string!(locale, status.in_progress),
        Status::Completed => td_string!(locale, status.completed),
        Status::OnHold => td_string!(locale, status.on_hold),
        Status::Cancelled => td_string!(locale, status.cancelled),
    }
}

fn health_label(locale: Locale, health: Health) -> &'static str {
    match health {
        Health::OnTrack => td_string!(locale, health.on_track),
        Health::AtRisk => td_string!(locale, health.at_risk),
        Health::OffTrack => td_string!(locale, health.off_track),
    }
}
