//! `/{lang}/import`: upload a CSV file of status updates or initiatives. The
//! upload is checked by a dry run and kept as a batch; its page
//! (`/{lang}/import/{id}`) shows every bad line with its number and reason,
//! or what would change, and imports it — all or nothing — once confirmed.
//! Plain forms throughout, so it works without JavaScript.

use super::initiatives::{id_param, Refusal};
use crate::domain::transfer::{BatchState, ImportBatch, LineError, LineProblem};
use crate::forms::{problem_text, FormAlert, FormError};
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use leptos::server_fn::ServerFn as _;
use leptos_i18n::Locale as _;
use leptos_meta::{Meta, Title};

/// Receives the file, runs the dry run and keeps the batch (editors and
/// administrators); then shows the batch's page.
#[server(prefix = "/fn", endpoint = "stage_import", input = MultipartFormData)]
pub async fn stage_import(data: MultipartData) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::transfer::MAX_BYTES;
    let (account, state) = require(Need::Edit).await?;
    let mut data = data
        .into_inner()
        .ok_or_else(|| FormError::Server("no form data".into()))?;
    let mut locale = "fr".to_owned();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(mut field)) = data.next_field().await {
        match field.name().unwrap_or_default() {
            "locale" => locale = field.text().await.unwrap_or_default(),
            "file" => {
                let name = field.file_name().unwrap_or("import.csv").to_owned();
                let mut bytes = Vec::new();
                while let Ok(Some(chunk)) = field.chunk().await {
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() > MAX_BYTES {
                        return Err(crate::domain::FieldError::new(
                            "file",
                            crate::domain::Problem::TooLong { max: MAX_BYTES },
                        )
                        .into());
                    }
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(
            crate::domain::FieldError::new("file", crate::domain::Problem::Required).into(),
        );
    };
    let content = String::from_utf8(bytes.clone()).ok();
    let id = crate::store::batches::insert(
        &state.db,
        account.email.as_str(),
        &file_name,
        content.as_deref(),
    )
    .await?;
    crate::transfer::background::spawn(
        state.imports.clone(),
        state.db.clone(),
        id,
        account.email.to_string(),
        bytes,
        true,
    );
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!("/{locale}/import/{id}"));
    Ok(())
}

/// A batch, with how far its check or import has got.
#[server(prefix = "/fn", endpoint = "load_import_batch")]
pub async fn load_import_batch(id: i64) -> Result<ImportBatch, FormError> {
    use crate::auth::{require, Need};
    let (_, state) = require(Need::Edit).await?;
    let (mut batch, _) = crate::store::batches::load(&state.db, id)
        .await?
        .ok_or(FormError::NotFound)?;
    // This instance's own task knows best how far it has got.
    if let Some((done, total)) = state.imports.of(id) {
        batch.rows_done = done;
        batch.rows_total = total;
        batch.stalled = false;
    }
    Ok(batch)
}

/// Imports a checked batch for real, in one transaction, in the background
/// (editors and administrators); a batch with errors, or already imported
/// or being imported, is refused: two clicks never import a file twice.
#[server(prefix = "/fn", endpoint = "apply_import")]
pub async fn apply_import(locale: String, id: i64) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::store::batches;
    let (account, state) = require(Need::Edit).await?;
    let (_, content) = batches::load(&state.db, id)
        .await?
        .ok_or(FormError::NotFound)?;
    let Some(content) = content else {
        return Err(FormError::Forbidden);
    };
    if !batches::claim(&state.db, id).await? {
        return Err(FormError::Forbidden);
    }
    crate::transfer::background::spawn(
        state.imports.clone(),
        state.db.clone(),
        id,
        account.email.to_string(),
        content.into_bytes(),
        false,
    );
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!("/{locale}/import/{id}"));
    Ok(())
}

/// `/{lang}/import`: the upload form and the export links.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    // The upload is a plain multipart form (no action): its error comes
    // back in the URL, as leptos' form redirects put it.
    let stage_error = use_context::<leptos::server::ServerActionError>()
        .filter(|e| e.path() == StageImport::PATH)
        .map(|e| leptos::server_fn::error::ServerFnUrlError::<FormError>::decode_err(e.err()));
    let l = move || i18n.get_locale().as_str();
    view! {
        <Title text=untrack(move || t_string!(i18n, import.title).to_string()) />
        <h1>{t!(i18n, import.title)}</h1>
        <p class="lead">{t!(i18n, import.lead)}</p>
        {stage_error.map(|error| {
            let file_problem = error.field_errors().and_then(|e| e.get("file")).map(|e| e.problem.clone());
            view! {
                <FormAlert error />
                {file_problem.map(|p| view! { <p class="field-error" id="import-file-error">{move || problem_text(i18n, &p)}</p> })}
            }
        })}
        <form method="post" action=StageImport::PATH enctype="multipart/form-data" class="form form--narrow">
            <input type="hidden" name="locale" value=l />
            <div class="field">
                <label for="import-file">{t!(i18n, import.file)}</label>
                <p class="field-hint" id="import-file-hint">{t!(i18n, import.file_hint)}</p>
                <input id="import-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="import-file-hint" />
            </div>
            <button type="submit" class="button-primary">{t!(i18n, import.check)}</button>
        </form>
        <section aria-labelledby="export-heading">
            <h2 id="export-heading">{t!(i18n, import.export_heading)}</h2>
            <p>{t!(i18n, import.export_lead)}</p>
            <ul>
                <li><a href="/export/status_updates.csv" download>{t!(i18n, import.export_updates)}</a></li>
                <li><a href="/export/initiatives.csv" download>{t!(i18n, import.export_initiatives)}</a></li>
            </ul>
        </section>
    }
}

fn line_problem_text(i18n: leptos_i18n::I18nContext<Locale>, problem: &LineProblem) -> String {
    match problem {
        LineProblem::Value(p) => problem_text(i18n, p),
        LineProblem::Conflict { current_version } => {
            t_string!(i18n, import.conflict, version = *current_version).to_string()
        }
        LineProblem::WrongFieldCount { expected, found } => t_string!(
            i18n,
            import.field_count,
            expected = *expected,
            found = *found
        )
        .to_string(),
        LineProblem::TooManyRows { max } => {
            t_string!(i18n, import.too_many_rows, max = *max).to_string()
        }
        LineProblem::Disagree { id_column, id } => {
            t_string!(i18n, import.disagree, column = id_column.clone(), id = *id).to_string()
        }
        LineProblem::Empty => t_string!(i18n, import.empty).to_string(),
        LineProblem::UnknownHeader => t_string!(i18n, import.unknown_header).to_string(),
        LineProblem::MissingColumn => t_string!(i18n, import.missing_column).to_string(),
        LineProblem::UnknownColumn => t_string!(i18n, import.unknown_column).to_string(),
        LineProblem::DuplicateColumn => t_string!(i18n, import.duplicate_column).to_string(),
        LineProblem::NotUtf8 => t_string!(i18n, import.not_utf8).to_string(),
        LineProblem::RecordedUpdateChanged => t_string!(i18n, import.recorded_changed).to_string(),
    }
}

/// `/{lang}/import/{id}`: a batch's report, and the button that imports it.
#[component]
pub fn ImportBatchPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let data = Resource::new_blocking(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_import_batch(id).await,
                None => Err(FormError::NotFound),
            }
        },
    );
    let apply = ServerAction::<ApplyImport>::new();
    let l = move || i18n.get_locale().as_str();
    view! {
        <Title text=untrack(move || t_string!(i18n, import.batch_title).to_string()) />
        <h1>{t!(i18n, import.batch_title)}</h1>
        {move || apply.value().get().and_then(|r| r.err()).map(|error| view! { <FormAlert error /> })}
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <Refusal error /> }.into_any(),
                Ok(batch) if batch.state.running() && !batch.stalled => {
                    // Reload every second until the task is done (no
                    // JavaScript needed); the bar shows how far it has got.
                    let checking = batch.state == BatchState::Checking;
                    let (done, total) = (batch.rows_done, batch.rows_total);
                    view! {
                        <Meta http_equiv="refresh" content="1" />
                        <p class="lead">
                            <strong>{batch.file_name.clone()}</strong> " — " {batch.account.clone()}
                        </p>
                        <p data-testid="import-progress" role="status">
                            {if checking {
                                t_string!(i18n, import.checking, done = done, total = total).to_string()
                            } else {
                                t_string!(i18n, import.importing, done = done, total = total).to_string()
                            }}
                        </p>
                        <progress max=total.max(1) value=done>{format!("{done} / {total}")}</progress>
                    }.into_any()
                }
                Ok(batch) if batch.stalled || batch.report.is_none() => view! {
                    <p class="lead"><strong>{batch.file_name.clone()}</strong> " — " {batch.account.clone()}</p>
                    <div class="form-alert" role="alert" data-testid="import-summary">
                        <p>{t!(i18n, import.interrupted)}</p>
                    </div>
                    <p><a href=move || format!("/{}/import", l())>{t!(i18n, import.again)}</a></p>
                }.into_any(),
                Ok(batch) => {
                    let applied = batch.state == BatchState::Imported;
                    let report = batch.applied.clone().or(batch.report.clone()).unwrap_or_default();
                    let errors: Vec<LineError> = report.errors.clone();
                    let n_errors = errors.len();
                    let ok = n_errors == 0;
                    let created = report.created.len();
                    let updated = report.updated.len();
                    let unchanged = report.unchanged;
                    view! {
                        <p class="lead">
                            <strong>{batch.file_name.clone()}</strong> " — " {batch.account.clone()}
                        </p>
                        <p data-testid="import-summary" role="status">
                            {if applied {
                                t_string!(i18n, import.applied, created = created, updated = updated, unchanged = unchanged).to_string()
                            } else if ok {
                                t_string!(i18n, import.would, created = created, updated = updated, unchanged = unchanged).to_string()
                            } else {
                                t_string!(i18n, import.refused, n = n_errors).to_string()
                            }}
                        </p>
                        {(!ok).then(|| view! {
                            <table class="data-table" data-testid="import-errors">
                                <caption>{t!(i18n, import.errors_caption)}</caption>
                                <thead><tr>
                                    <th scope="col">{t!(i18n, import.line)}</th>
                                    <th scope="col">{t!(i18n, import.column)}</th>
                                    <th scope="col">{t!(i18n, import.reason)}</th>
                                </tr></thead>
                                <tbody>
                                    {errors.into_iter().map(|e| {
                                        let p = e.problem.clone();
                                        view! {
                                            <tr>
                                                <td class="number">{e.line}</td>
                                                <td><code>{e.column.clone().unwrap_or_default()}</code></td>
                                                <td>{move || line_problem_text(i18n, &p)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <p><a href=move || format!("/{}/import", l())>{t!(i18n, import.again)}</a></p>
                        })}
                        {(ok && batch.state == BatchState::Checked).then(|| view! {
                            <form method="post" action=ApplyImport::PATH>
                                <input type="hidden" name="locale" value=l />
                                <input type="hidden" name="id" value=batch.id.to_string() />
                                <button type="submit" class="button-primary">{t!(i18n, import.apply)}</button>
                            </form>
                        })}
                        {applied.then(|| view! {
                            <p><a href=move || format!("/{}/audit?via=import", l())>{t!(i18n, import.see_audit)}</a></p>
                        })}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
