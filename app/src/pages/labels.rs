//! The words for the model's codes, in the page's language.

use crate::domain::*;
use crate::i18n::*;
use crate::language::InLocale;

pub fn role_label(lang: impl InLocale, role: Role) -> &'static str {
    let locale = lang.locale();
    match role {
        Role::Administrator => td_string!(locale, role.administrator),
        Role::Editor => td_string!(locale, role.editor),
        Role::Viewer => td_string!(locale, role.viewer),
    }
}

pub fn status_label(lang: impl InLocale, status: Status) -> &'static str {
    let locale = lang.locale();
    match status {
        Status::Planned => td_string!(locale, status.planned),
        Status::InProgress => td_string!(locale, status.in_progress),
        Status::Completed => td_string!(locale, status.completed),
        Status::OnHold => td_string!(locale, status.on_hold),
        Status::Cancelled => td_string!(locale, status.cancelled),
    }
}

pub fn health_label(lang: impl InLocale, health: Health) -> &'static str {
    let locale = lang.locale();
    match health {
        Health::OnTrack => td_string!(locale, health.on_track),
        Health::AtRisk => td_string!(locale, health.at_risk),
        Health::OffTrack => td_string!(locale, health.off_track),
    }
}

pub fn kind_label(lang: impl InLocale, kind: InitiativeKind) -> &'static str {
    let locale = lang.locale();
    match kind {
        InitiativeKind::Strategy => td_string!(locale, kind.strategy),
        InitiativeKind::Area => td_string!(locale, kind.area),
        InitiativeKind::Measure => td_string!(locale, kind.measure),
        InitiativeKind::Programme => td_string!(locale, kind.programme),
        InitiativeKind::Project => td_string!(locale, kind.project),
    }
}

pub fn visibility_label(lang: impl InLocale, visibility: Visibility) -> &'static str {
    let locale = lang.locale();
    match visibility {
        Visibility::Published => td_string!(locale, visibility.published),
        Visibility::Internal => td_string!(locale, visibility.internal),
    }
}

pub fn via_label(lang: impl InLocale, via: Via) -> &'static str {
    let locale = lang.locale();
    match via {
        Via::Browser => td_string!(locale, via.browser),
        Via::Import => td_string!(locale, via.import),
        Via::Api => td_string!(locale, via.api),
        Via::Cli => td_string!(locale, via.cli),
        Via::Demo => td_string!(locale, via.demo),
        Via::Synthetic => td_string!(locale, via.synthetic),
    }
}
