//! The words for the model's codes, in the page's language.

use crate::domain::*;
use crate::i18n::*;

pub fn role_label(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::Administrator => t_string!(i18n, role.administrator),
        Role::Editor => t_string!(i18n, role.editor),
        Role::Viewer => t_string!(i18n, role.viewer),
    }
}

pub fn status_label(i18n: leptos_i18n::I18nContext<Locale>, status: Status) -> &'static str {
    match status {
        Status::Planned => t_string!(i18n, status.planned),
        Status::InProgress => t_string!(i18n, status.in_progress),
        Status::Completed => t_string!(i18n, status.completed),
        Status::OnHold => t_string!(i18n, status.on_hold),
        Status::Cancelled => t_string!(i18n, status.cancelled),
    }
}

pub fn health_label(i18n: leptos_i18n::I18nContext<Locale>, health: Health) -> &'static str {
    match health {
        Health::OnTrack => t_string!(i18n, health.on_track),
        Health::AtRisk => t_string!(i18n, health.at_risk),
        Health::OffTrack => t_string!(i18n, health.off_track),
    }
}

pub fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: InitiativeKind) -> &'static str {
    match kind {
        InitiativeKind::Strategy => t_string!(i18n, kind.strategy),
        InitiativeKind::Area => t_string!(i18n, kind.area),
        InitiativeKind::Measure => t_string!(i18n, kind.measure),
        InitiativeKind::Programme => t_string!(i18n, kind.programme),
        InitiativeKind::Project => t_string!(i18n, kind.project),
    }
}

pub fn visibility_label(
    i18n: leptos_i18n::I18nContext<Locale>,
    visibility: Visibility,
) -> &'static str {
    match visibility {
        Visibility::Published => t_string!(i18n, visibility.published),
        Visibility::Internal => t_string!(i18n, visibility.internal),
    }
}

pub fn via_label(i18n: leptos_i18n::I18nContext<Locale>, via: Via) -> &'static str {
    match via {
        Via::Browser => t_string!(i18n, via.browser),
        Via::Import => t_string!(i18n, via.import),
        Via::Api => t_string!(i18n, via.api),
        Via::Cli => t_string!(i18n, via.cli),
        Via::Demo => t_string!(i18n, via.demo),
        Via::Synthetic => t_string!(i18n, via.synthetic),
    }
}
