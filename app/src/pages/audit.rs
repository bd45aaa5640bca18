//! `/{lang}/audit`: the audit trail, newest first, filtered by the query
//! string (a plain GET form, so a filtered view can be bookmarked). Every
//! signed-in account may read it.

use super::initiatives::Refusal;
use super::labels::*;
use crate::domain::*;
use crate::forms::FormError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/fn", endpoint = "audit_trail")]
pub async fn audit_trail(filter: AuditFilter) -> Result<Vec<AuditEntry>, FormError> {
    use crate::auth::{require, Need};
    let (_, state) = require(Need::Read).await?;
    Ok(crate::store::read::audit_trail(&state.db, &filter).await?)
}

/// The entities the trail records, for the filter.
const ENTITIES: &[&str] = &[
    "initiative",
    "status_update",
    "milestone",
    "indicator",
    "indicator_value",
    "organisation",
    "contact",
    "theme",
    "account",
    "api_token",
];

fn pretty(json: &str) -> String {
    // Indent the stored JSON for reading; left as is when it is not JSON.
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                depth += 1;
                out.push(c);
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
                out.push(c);
            }
            ',' => {
                out.push(c);
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        let text = |k: &str| {
            q.get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        AuditFilter {
            actor: text("actor"),
            via: text("via").and_then(|v| Via::parse("via", &v).ok()),
            entity: text("entity").filter(|e| ENTITIES.contains(&e.as_str())),
            entity_id: text("entity_id").and_then(|v| v.parse().ok()),
            from: text("from").and_then(|v| v.parse().ok()),
            to: text("to").and_then(|v| v.parse().ok()),
            before_id: text("before").and_then(|v| v.parse().ok()),
        }
    });
    let data = Resource::new_blocking(move || filter.get(), audit_trail);
    let l = move || i18n.get_locale().as_str();
    view! {
        <Title text=untrack(move || t_string!(i18n, audit.title).to_string()) />
        <h1>{t!(i18n, audit.title)}</h1>
        <p class="lead">{t!(i18n, audit.lead)}</p>
        <form method="get" class="form form--filters" role="search" aria-label=move || t_string!(i18n, audit.filters)>
            {move || {
                let f = filter.get();
                let vias: Vec<_> = Via::ALL.to_vec();
                view! {
                    <div class="field">
                        <label for="audit-actor">{t!(i18n, audit.actor)}</label>
                        <input id="audit-actor" name="actor" value=f.actor.clone().unwrap_or_default() />
                    </div>
                    <div class="field">
                        <label for="audit-via">{t!(i18n, audit.via)}</label>
                        <select id="audit-via" name="via">
                            <option value="">{t!(i18n, audit.any)}</option>
                            {vias.into_iter().map(|v| view! {
                                <option value=v.as_str() selected=f.via == Some(v)>{move || via_label(i18n, v)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="audit-entity">{t!(i18n, audit.entity)}</label>
                        <select id="audit-entity" name="entity">
                            <option value="">{t!(i18n, audit.any)}</option>
                            {ENTITIES.iter().map(|e| view! {
                                <option value=*e selected=f.entity.as_deref() == Some(*e)>{*e}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="audit-entity-id">{t!(i18n, audit.entity_id)}</label>
                        <input id="audit-entity-id" name="entity_id" inputmode="numeric" value=f.entity_id.map(|i| i.to_string()).unwrap_or_default() />
                    </div>
                    <div class="field">
                        <label for="audit-from">{t!(i18n, audit.from)}</label>
                        <input id="audit-from" name="from" type="date" value=f.from.map(|d| d.to_string()).unwrap_or_default() />
                    </div>
                    <div class="field">
                        <label for="audit-to">{t!(i18n, audit.to)}</label>
                        <input id="audit-to" name="to" type="date" value=f.to.map(|d| d.to_string()).unwrap_or_default() />
                    </div>
                }
            }}
            <p class="actions">
                <button type="submit" class="button-primary">{t!(i18n, audit.apply)}</button>
                <a class="button-secondary" href=move || format!("/{}/audit", l())>{t!(i18n, audit.reset)}</a>
            </p>
        </form>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <Refusal error /> }.into_any(),
                Ok(entries) => {
                    let last = entries.last().map(|e| e.id);
                    let full = entries.len() as i64 == AUDIT_PAGE;
                    view! {
                        <table class="data-table audit-table" data-testid="audit-table">
                            <caption>{t!(i18n, audit.caption)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, audit.at)}</th>
                                <th scope="col">{t!(i18n, audit.actor)}</th>
                                <th scope="col">{t!(i18n, audit.via)}</th>
                                <th scope="col">{t!(i18n, audit.change)}</th>
                                <th scope="col">{t!(i18n, audit.values)}</th>
                            </tr></thead>
                            <tbody>
                                {entries.into_iter().map(|e| {
                                    let target = match (e.entity.as_str(), e.entity_id) {
                                        ("initiative", Some(id)) => view! {
                                            <a href=format!("/{}/initiatives/{id}", l())>{format!("initiative {id}")}</a>
                                        }.into_any(),
                                        (entity, Some(id)) => view! { {format!("{entity} {id}")} }.into_any(),
                                        (entity, None) => view! { {entity.to_owned()} }.into_any(),
                                    };
                                    let via = e.via;
                                    view! {
                                        <tr>
                                            <td>{e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string()}</td>
                                            <td>{e.actor.clone()}</td>
                                            <td>{move || via.map(|v| via_label(i18n, v)).unwrap_or("—")}</td>
                                            <td>{e.action.clone()} " · " {target}</td>
                                            <td>
                                                {e.before.as_deref().map(|b| view! {
                                                    <details><summary>{t!(i18n, audit.before)}</summary><pre>{pretty(b)}</pre></details>
                                                })}
                                                {e.after.as_deref().map(|a| view! {
                                                    <details><summary>{t!(i18n, audit.after)}</summary><pre>{pretty(a)}</pre></details>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {(full).then(|| {
                            let mut q = query.get_untracked();
                            q.replace("before", last.unwrap_or_default().to_string());
                            view! { <p><a href=format!("?{}", q.to_query_string().trim_start_matches('?'))>{t!(i18n, audit.older)}</a></p> }
                        })}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
