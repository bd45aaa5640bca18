//! `/{lang}/report`: the information-sharing report drafted from the data,
//! for any signed-in account: choose the period, the language and the
//! topics (a GET form), read the draft, download it as Markdown or print
//! it. Editors and administrators adjust it (drop, reorder, add a sentence)
//! and save it as a dated version; `/{lang}/report/versions/{id}` opens a
//! saved one. Internal: anonymous readers get the sign-in prompt.

use super::initiatives::Refusal;
use crate::domain::report::*;
use crate::domain::{Bilingual, Code};
use crate::format;
use crate::forms::{alert_for, FormError, Outcome};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the report page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub report: Report,
    /// The chosen topics (theme codes).
    pub topics: Vec<Code>,
    pub themes: Vec<(Code, Bilingual)>,
    pub can_edit: bool,
    pub versions: Vec<ReportVersionSummary>,
}

#[cfg(feature = "ssr")]
fn request(from: &str, to: &str, lang: &str, themes: &str) -> Result<ReportRequest, FormError> {
    let today = chrono::Utc::now().date_naive();
    ReportRequest::parse(from, to, lang, themes, today).map_err(FormError::from)
}

/// The draft asked for (any signed-in account).
#[server(prefix = "/fn", endpoint = "report_draft")]
pub async fn report_draft(
    from: String,
    to: String,
    lang: String,
    themes: String,
) -> Result<ReportView, FormError> {
    use crate::auth::{require, Need};
    use crate::store::{read, reports};
    let (account, state) = require(Need::Read).await?;
    let asked = request(&from, &to, &lang, &themes)?;
    let today = chrono::Utc::now().date_naive();
    let report =
        reports::draft(&state.db, asked.period, asked.locale, &asked.topics, today).await?;
    Ok(ReportView {
        report,
        topics: asked.topics,
        themes: read::themes(&state.db).await?,
        can_edit: account.role.can_edit(),
        versions: reports::versions(&state.db).await?,
    })
}

/// Saves the draft of the period as adjusted (editors and administrators):
/// `edits` holds `keep_KEY` for each item kept, `pos_KEY` for a position
/// and `add_SECTION` for a sentence to add. The draft is drafted again here
/// from the data; only the editor's changes come from the form.
#[server(prefix = "/fn", endpoint = "save_report")]
pub async fn save_report(
    locale: String,
    from: String,
    to: String,
    lang: String,
    themes: String,
    edits: Option<HashMap<String, String>>,
) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::domain::Via;
    use crate::store::{reports, Actor};
    let (account, state) = require(Need::Edit).await?;
    let asked = request(&from, &to, &lang, &themes)?;
    let today = chrono::Utc::now().date_naive();
    let report =
        reports::draft(&state.db, asked.period, asked.locale, &asked.topics, today).await?;
    let edits = edits_from(&report, &edits.unwrap_or_default());
    let adjusted = adjust(&report, &edits);
    let mut tx = state.db.begin().await?;
    let saved =
        reports::save_version(&mut tx, Actor::of(&account, Via::Browser), &adjusted).await?;
    tx.commit().await?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!("/{locale}/report/versions/{}", saved.id));
    Ok(())
}

/// The editor's changes, read from the form's fields.
#[cfg(feature = "ssr")]
fn edits_from(report: &Report, fields: &HashMap<String, String>) -> ReportEdits {
    let mut edits = ReportEdits::default();
    for (_, item) in report.items() {
        if !fields.contains_key(&format!("keep_{}", item.key)) {
            edits.dropped.insert(item.key.clone());
        }
        if let Some(position) = fields
            .get(&format!("pos_{}", item.key))
            .and_then(|p| p.trim().parse::<i64>().ok())
        {
            edits.positions.insert(item.key.clone(), position);
        }
    }
    for kind in SectionKind::ALL {
        if let Some(text) = fields.get(&format!("add_{}", kind.as_str())) {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                edits.added.push((kind, line.to_owned()));
            }
        }
    }
    edits
}

/// A saved version (any signed-in account).
#[server(prefix = "/fn", endpoint = "report_version")]
pub async fn report_version(id: i64) -> Result<(ReportVersionSummary, Report), FormError> {
    use crate::auth::{require, Need};
    use crate::store::reports;
    let (_, state) = require(Need::Read).await?;
    reports::version(&state.db, id)
        .await?
        .ok_or(FormError::NotFound)
}

/// The page.
#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let asked = Memo::new(move |_| {
        let q = query.read();
        let one = |name: &str| q.get(name).unwrap_or_default();
        // Checkboxes send `themes` once per theme; a link sends them joined.
        let themes = q.get_all("themes").unwrap_or_default().join(",");
        (one("from"), one("to"), one("lang"), themes)
    });
    let data = Resource::new_blocking(
        move || asked.get(),
        |(from, to, lang, themes)| report_draft(from, to, lang, themes),
    );
    view! {
        <Title text=untrack(move || t_string!(i18n, report.page_title).to_string()) />
        <h1 class="no-print">{t!(i18n, report.page_title)}</h1>
        <p class="lead no-print">{t!(i18n, report.lead)}</p>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <Refusal error /> }.into_any(),
                Ok(v) => view! { <ReportDraft v /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ReportDraft(v: ReportView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let report = v.report.clone();
    let asked = ReportRequest {
        period: report.period,
        locale: report.locale(),
        topics: v.topics.clone(),
    };
    let download = format!("/report/information-sharing.md?{}", asked.query());
    let action = ServerAction::<SaveReport>::new();
    let document = if v.can_edit {
        let themes = asked
            .topics
            .iter()
            .map(Code::as_str)
            .collect::<Vec<_>>()
            .join(",");
        let report = report.clone();
        view! {
            <ActionForm action attr:class="form report-edit" attr:data-testid="report-edit">
                {move || {
                    let outcome: Outcome<()> = action.value().get();
                    alert_for(&outcome)
                }}
                <h2 class="no-print">{t!(i18n, report.edit_heading)}</h2>
                <p class="field-hint no-print">{t!(i18n, report.edit_hint)}</p>
                <input type="hidden" name="locale" value=locale.as_str() />
                <input type="hidden" name="from" value=report.period.from().to_string() />
                <input type="hidden" name="to" value=report.period.to().to_string() />
                <input type="hidden" name="lang" value=report.language.clone() />
                <input type="hidden" name="themes" value=themes />
                <ReportDocument report=report.clone() editable=true />
                <p class="actions no-print">
                    <button type="submit" class="button-primary">{t!(i18n, report.save)}</button>
                </p>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <ReportDocument report=report.clone() editable=false /> }.into_any()
    };
    view! {
        <PeriodForm v=v.clone() />
        <p class="no-print report-exports">
            <a href=download rel="external" download="" data-testid="report-download">{t!(i18n, report.download)}</a>
            " · "
            <span class="muted">{t!(i18n, report.print)}</span>
        </p>
        {document}
        <VersionList versions=v.versions.clone() />
    }
}

/// The period, the language and the topics: one GET form.
#[component]
fn PeriodForm(v: ReportView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let period = v.report.period;
    let lang = v.report.language.clone();
    view! {
        <form method="get" class="form form--filters no-print" data-testid="report-period">
            <div class="field">
                <label for="report-from">{t!(i18n, report.from)}</label>
                <input id="report-from" name="from" type="date" value=period.from().to_string() />
            </div>
            <div class="field">
                <label for="report-to">{t!(i18n, report.to)}</label>
                <input id="report-to" name="to" type="date" value=period.to().to_string() />
            </div>
            <div class="field">
                <label for="report-lang">{t!(i18n, report.language)}</label>
                <select id="report-lang" name="lang">
                    <option value="fr" selected=lang == "fr">"Français"</option>
                    <option value="en" selected=lang == "en">"English"</option>
                </select>
            </div>
            <fieldset class="field">
                <legend>{t!(i18n, report.themes)}</legend>
                {v.themes.iter().map(|(code, name)| {
                    let id = format!("report-theme-{code}");
                    let checked = v.topics.contains(code);
                    view! {
                        <label class="checkbox">
                            <input id=id type="checkbox" name="themes" value=code.to_string() checked=checked />
                            " " {name.get(locale).to_owned()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="actions">
                <button type="submit" class="button-primary">{t!(i18n, report.generate)}</button>
            </p>
        </form>
    }
}

/// The report as a document: title, period, sections and items; with
/// `editable`, each item has its keep box and position field, and each
/// section a field for a sentence to add.
#[component]
fn ReportDocument(report: Report, editable: bool) -> impl IntoView {
    let rl = report.locale();
    let period_line = td_string!(
        rl,
        report.period_line,
        from = format::long_date(rl, report.period.from()),
        to = format::long_date(rl, report.period.to()),
        generated = format::long_date(rl, report.generated_on)
    )
    .to_string();
    let sections = report.sections.clone();
    view! {
        <article class="report-document" lang=rl.as_str() data-testid="report-document">
            <h2 class="report-title">{td_string!(rl, report.title).to_string()}</h2>
            <p class="report-period">{period_line}</p>
            <p class="muted">{td_string!(rl, report.internal).to_string()}</p>
            {sections.into_iter().map(|section| {
                let kind = section.kind;
                let add_id = format!("report-add-{}", kind.as_str());
                let add_for = add_id.clone();
                let add_label = td_string!(rl, report.add_sentence, section = kind.heading(rl)).to_string();
                let is_empty = section.items.is_empty();
                let mut group: Option<String> = None;
                let items = section.items.into_iter().enumerate().map(|(n, item)| {
                    let heading = (item.group.is_some() && item.group != group).then(|| {
                        group = item.group.clone();
                        view! { <li class="report-group"><h4>{item.group.clone()}</h4></li> }
                    });
                    view! {
                        {heading}
                        <ReportLine item n=n + 1 editable locale=rl />
                    }
                }).collect_view();
                let empty = td_string!(rl, report.nothing).to_string();
                view! {
                    <section class="report-section" data-section=kind.as_str()>
                        <h3>{kind.heading(rl)}</h3>
                        <ul class="report-items">{items}</ul>
                        {is_empty.then(|| view! { <p class="muted report-empty">{empty}</p> })}
                        {editable.then(|| view! {
                            <div class="field no-print">
                                <label for=add_for>{add_label}</label>
                                <textarea id=add_id name=format!("edits[add_{}]", kind.as_str()) rows="2"></textarea>
                            </div>
                        })}
                    </section>
                }
            }).collect_view()}
        </article>
    }
}

#[component]
fn ReportLine(item: ReportItem, n: usize, editable: bool, locale: Locale) -> impl IntoView {
    let keep_id = format!("keep-{}", item.key);
    let keep_for = keep_id.clone();
    let pos_id = format!("pos-{}", item.key);
    let pos_for = pos_id.clone();
    let keep_label = td_string!(locale, report.keep).to_string();
    let pos_label = td_string!(locale, report.position).to_string();
    let contact = item
        .contact
        .clone()
        .map(|c| format::labelled(locale, td_string!(locale, report.contact), &c));
    let heading = item
        .initiative
        .as_ref()
        .map(|i| format!("{} {}", i.code, i.title));
    // French puts a no-break space before the colon.
    let colon = match locale {
        Locale::fr => "\u{a0}: ",
        Locale::en => ": ",
    };
    view! {
        <li class="report-item" data-key=item.key.clone() data-kind=format!("{:?}", item.kind)>
            {editable.then(|| view! {
                <span class="report-item__controls no-print">
                    <input id=keep_id type="checkbox" name=format!("edits[keep_{}]", item.key) value="on" checked=true />
                    <label for=keep_for>{keep_label}</label>
                    <label for=pos_for>{pos_label}</label>
                    <input id=pos_id class="report-item__position" type="number" inputmode="numeric" min="1" name=format!("edits[pos_{}]", item.key) value=n.to_string() />
                </span>
            })}
            {item.date.map(|d| view! { <strong class="report-item__date">{format::long_date(locale, d)}</strong> " — " })}
            {heading.map(|h| view! { <span class="report-item__initiative">{h}</span> {colon} })}
            <span class="report-item__text">{item.text.clone()}</span>
            {contact.map(|c| view! { " " <em class="report-item__contact">"(" {c} ")"</em> })}
        </li>
    }
}

/// The saved versions, newest first.
#[component]
fn VersionList(versions: Vec<ReportVersionSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let empty = versions.is_empty();
    view! {
        <section class="no-print" data-testid="report-versions">
            <h2>{t!(i18n, report.versions)}</h2>
            {empty.then(|| view! { <p class="muted">{t!(i18n, report.no_versions)}</p> })}
            <ul>
                {versions.into_iter().map(|v| {
                    let href = format!("/{}/report/versions/{}", locale.as_str(), v.id);
                    let text = format!(
                        "{} {} – {} ({}) · {}",
                        td_string!(locale, report.version_title, id = v.id.to_string()),
                        format::long_date(locale, v.period.from()),
                        format::long_date(locale, v.period.to()),
                        v.language,
                        v.saved_by,
                    );
                    view! { <li><a href=href>{text}</a></li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// `/{lang}/report/versions/{id}`: a saved version.
#[component]
pub fn ReportVersionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("version")
            .and_then(|v| v.parse::<i64>().ok())
    });
    let data = Resource::new_blocking(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => report_version(id).await,
                None => Err(FormError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(error) => view! {
                    <Title text=untrack(move || t_string!(i18n, report.page_title).to_string()) />
                    <h1>{t!(i18n, report.page_title)}</h1>
                    <Refusal error />
                }.into_any(),
                Ok((summary, report)) => {
                    let locale = i18n.get_locale_untracked();
                    let title = td_string!(locale, report.version_title, id = summary.id.to_string()).to_string();
                    let saved = td_string!(
                        locale,
                        report.saved_by,
                        who = summary.saved_by.clone(),
                        at = format::long_date(locale, summary.saved_at.date_naive())
                    )
                    .to_string();
                    let back = format!("/{}/report", locale.as_str());
                    let download = format!("/report/versions/{}.md", summary.id);
                    view! {
                        <Title text=title.clone() />
                        <p class="breadcrumb no-print"><a href=back>{t!(i18n, report.back)}</a></p>
                        <h1 class="no-print">{title}</h1>
                        <p class="no-print" data-testid="report-saved">{saved}</p>
                        <p class="no-print report-exports">
                            <a href=download rel="external" download="" data-testid="report-download">{t!(i18n, report.download)}</a>
                            " · "
                            <span class="muted">{t!(i18n, report.print)}</span>
                        </p>
                        <ReportDocument report editable=false />
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn item(key: &str) -> ReportItem {
        ReportItem {
            key: key.into(),
            kind: ItemKind::Reported,
            date: None,
            initiative: None,
            group: None,
            contact: None,
            text: key.into(),
        }
    }

    #[test]
    fn the_form_keeps_what_is_ticked_moves_what_is_numbered_and_adds_each_line() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let report = Report {
            period: ReportPeriod::last_twelve_months(today),
            language: "en".into(),
            generated_on: today,
            sections: SectionKind::ALL
                .iter()
                .map(|kind| ReportSection {
                    kind: *kind,
                    items: match kind {
                        SectionKind::Accomplishments => vec![item("a"), item("b"), item("c")],
                        _ => vec![],
                    },
                })
                .collect(),
        };
        let fields: HashMap<String, String> = [
            ("keep_a", "on"),
            ("keep_c", "on"),
            ("pos_a", "2"),
            ("pos_c", "1"),
            ("pos_b", "not a number"),
            ("add_topics", "First.\r\n\r\nSecond."),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let edits = edits_from(&report, &fields);
        assert_eq!(edits.dropped, ["b".to_owned()].into());
        assert_eq!(edits.positions.len(), 2);
        let adjusted = adjust(&report, &edits);
        let keys: Vec<&str> = adjusted
            .section(SectionKind::Accomplishments)
            .iter()
            .map(|i| i.key.as_str())
            .collect();
        assert_eq!(keys, ["c", "a"]);
        let topics: Vec<&str> = adjusted
            .section(SectionKind::Topics)
            .iter()
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(topics, ["First.", "Second."]);
    }
}
