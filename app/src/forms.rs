//! What a form hears back from its server function, and the pieces that show
//! it: errors beside their fields, in the page's language.
//!
//! A form posts to a server function. With JavaScript the answer comes back
//! without a reload; without it the server redirects back to the page with
//! the error in the URL (leptos' form redirects), and the page renders it.
//! Either way the error carries what was typed (`echo`), so the form is shown
//! again as the person left it.

use crate::domain::{FieldError, FieldErrors, Problem};
use crate::i18n::*;
use crate::language::InLocale;
use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The values a form sent, by field name, to fill it in again.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Echo(pub Vec<(String, String)>);

impl Echo {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }

    /// The string fields of `form` (a struct of strings and options).
    pub fn of<T: Serialize>(form: &T) -> Echo {
        let mut pairs = Vec::new();
        if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(form) {
            for (name, value) in map {
                let text = match value {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                pairs.push((name, text));
            }
        }
        Echo(pairs)
    }
}

/// One field that another person changed while this one was editing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub then: String,
    pub now: String,
}

/// Why a server function refused a form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FormError {
    /// Nobody is signed in (or the session has expired).
    SignInRequired,
    /// The account's role may not do this.
    Forbidden,
    /// The e-mail address or the password is wrong: one answer for both.
    BadCredentials,
    /// Too many sign-in attempts: wait this many seconds.
    LockedOut { retry_after_secs: u64 },
    /// The input was refused; each error names its field.
    Invalid { errors: FieldErrors, echo: Echo },
    /// Someone saved the same record first: what they changed, the version
    /// to save over theirs, and what this person typed.
    Conflict {
        changes: Vec<FieldChange>,
        current_version: i64,
        echo: Echo,
    },
    /// The record does not exist (any more).
    NotFound,
    /// The database is away (`cannot_write`: its disk is full or
    /// read-only); nothing was changed and the same request may succeed later.
    Unavailable { cannot_write: bool },
    /// Anything else; the details are in the server's log.
    Server(String),
}

impl FormError {
    /// What was typed, when the error carries it.
    pub fn echo(&self) -> Option<&Echo> {
        match self {
            FormError::Invalid { echo, .. } | FormError::Conflict { echo, .. } => Some(echo),
            _ => None,
        }
    }

    /// The errors about fields, if that is what this is.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            FormError::Invalid { errors, .. } => Some(errors),
            _ => None,
        }
    }

    /// Attaches what was typed to an error that can show it.
    pub fn with_echo(self, typed: Echo) -> Self {
        match self {
            FormError::Invalid { errors, .. } => FormError::Invalid {
                errors,
                echo: typed,
            },
            FormError::Conflict {
                changes,
                current_version,
                ..
            } => FormError::Conflict {
                changes,
                current_version,
                echo: typed,
            },
            other => other,
        }
    }
}

impl From<FieldErrors> for FormError {
    fn from(errors: FieldErrors) -> Self {
        FormError::Invalid {
            errors,
            echo: Echo::default(),
        }
    }
}

impl From<FieldError> for FormError {
    fn from(error: FieldError) -> Self {
        FieldErrors::from(error).into()
    }
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormError::SignInRequired => f.write_str("sign-in required"),
            FormError::Forbidden => f.write_str("not allowed for this role"),
            FormError::BadCredentials => f.write_str("wrong e-mail address or password"),
            FormError::LockedOut { retry_after_secs } => {
                write!(f, "too many attempts; retry in {retry_after_secs} s")
            }
            FormError::Invalid { errors, .. } => write!(f, "{errors}"),
            FormError::Conflict {
                current_version, ..
            } => write!(f, "changed by someone else (now version {current_version})"),
            FormError::NotFound => f.write_str("not found"),
            FormError::Unavailable {
                cannot_write: false,
            } => f.write_str("database unavailable"),
            FormError::Unavailable { cannot_write: true } => {
                f.write_str("database cannot write (disk full or read-only)")
            }
            FormError::Server(message) => write!(f, "server error: {message}"),
        }
    }
}

impl FromServerFnError for FormError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let malformed = |message| FormError::Invalid {
            errors: FieldError::new(
                "form",
                Problem::Malformed {
                    value: message,
                    expected: "a form".into(),
                },
            )
            .into(),
            echo: Echo::default(),
        };
        match value {
            // A form field that does not deserialise (never with our own
            // forms, whose fields are all strings).
            ServerFnErrorErr::Args(message) => malformed(message),
            // On the server, only a request is read: a body that is not
            // text (invalid UTF-8) is the sender's mistake. (In the browser
            // this is an answer that could not be read: the server's.)
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(message) => malformed(message),
            other => FormError::Server(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::store::StoreError> for FormError {
    fn from(error: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match error {
            StoreError::Invalid(errors) => errors.into(),
            StoreError::Conflict {
                current_version, ..
            } => FormError::Conflict {
                changes: Vec::new(),
                current_version,
                echo: Echo::default(),
            },
            StoreError::NotFound { .. } => FormError::NotFound,
            other => match other.unavailable() {
                Some(why) => {
                    tracing::warn!(error = %other, "a request was refused: the database is unavailable");
                    FormError::Unavailable {
                        cannot_write: why == crate::store::Unavailable::CannotWrite,
                    }
                }
                None => {
                    tracing::error!(error = %other, "a form could not be saved");
                    FormError::Server("the change could not be saved".into())
                }
            },
        }
    }
}

/// The sentence for `problem`, in the page's language.
pub fn problem_text(lang: impl InLocale, problem: &Problem) -> String {
    let locale = lang.locale();
    match problem {
        Problem::Required => td_string!(locale, problem.required).to_string(),
        Problem::Unknown { value, expected } if expected.is_empty() => {
            td_string!(locale, problem.unknown_record, value = value.clone()).to_string()
        }
        Problem::Unknown { value, expected } => td_string!(
            locale,
            problem.unknown_value,
            value = value.clone(),
            expected = expected.join(", ")
        )
        .to_string(),
        Problem::Malformed { value, expected } => {
            let expected = expected_text(locale, expected);
            td_string!(locale, problem.malformed, value = value.clone(), expected).to_string()
        }
        Problem::OutOfRange { value, min, max } => td_string!(
            locale,
            problem.out_of_range,
            value = value.clone(),
            min = min.clone(),
            max = max.clone()
        )
        .to_string(),
        Problem::TooLong { max } => td_string!(locale, problem.too_long, max = *max).to_string(),
        Problem::TooShort { min } => td_string!(locale, problem.too_short, min = *min).to_string(),
        Problem::InvalidCharacter { character } => {
            // An invisible one is named by its code point (U+0000).
            let character = if character.is_control() || character.is_whitespace() {
                format!("U+{:04X}", u32::from(*character))
            } else {
                character.to_string()
            };
            td_string!(locale, problem.invalid_character, character).to_string()
        }
        Problem::EndsBeforeStart { start, end } => td_string!(
            locale,
            problem.ends_before_start,
            start = start.clone(),
            end = end.clone()
        )
        .to_string(),
        Problem::Duplicate { value } => {
            td_string!(locale, problem.duplicate, value = value.clone()).to_string()
        }
        Problem::InvalidParent { .. } => td_string!(locale, problem.invalid_parent).to_string(),
        Problem::ExplanationRequired => {
            td_string!(locale, problem.explanation_required).to_string()
        }
    }
}

/// The expected form named by a parser, said in the page's language.
fn expected_text(locale: Locale, expected: &str) -> String {
    let text = if expected.starts_with("a date") {
        td_string!(locale, problem.expected_date)
    } else if expected.starts_with("a whole number") {
        td_string!(locale, problem.expected_percent)
    } else if expected.starts_with("an amount") {
        td_string!(locale, problem.expected_amount)
    } else if expected.starts_with("a number") {
        td_string!(locale, problem.expected_number)
    } else if expected.starts_with("an identifier") {
        td_string!(locale, problem.expected_identifier)
    } else if expected.starts_with("true or false") {
        td_string!(locale, problem.expected_flag)
    } else if expected.starts_with("an e-mail") {
        td_string!(locale, problem.expected_email)
    } else {
        td_string!(locale, problem.expected_other)
    };
    text.to_string()
}

/// What an island (a form, hydrated in the browser: `#[island(lazy)]`) takes from
/// the page around it: its `locale` (one of its props), given to the
/// components inside it ([`page_locale`]), which translate with it.
///
/// In the browser an island has no page around it, and the refusal a form
/// came back with when it was posted without JavaScript (leptos'
/// `?__path=…&__err=…`, read by the router on the server) is read from the
/// address, so that the island shows what the server rendered.
pub fn island_context(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::server::ServerActionError;
        if use_context::<ServerActionError>().is_none() {
            let search = window().location().search().unwrap_or_default();
            if let Ok(params) = leptos::web_sys::UrlSearchParams::new_with_str(&search) {
                if let (Some(path), Some(err)) = (params.get("__path"), params.get("__err")) {
                    provide_context(ServerActionError::new(&path, &err));
                }
            }
        }
    }
    provide_context(locale);
}

/// The locale a component translates for: its island's, else (a page
/// rendered on the server) the page's.
pub fn page_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(|| use_i18n().get_locale_untracked())
}

/// The last answer of a form's action, as the page shows it.
pub type Outcome<T> = Option<Result<T, FormError>>;

/// The alert above a form for `outcome`: what refused it, if anything did.
pub fn alert_for<T>(outcome: &Outcome<T>) -> Option<impl IntoView> {
    match outcome {
        Some(Err(error)) => Some(view! { <FormAlert error=error.clone() /> }),
        _ => None,
    }
}

/// The error about `field` in `outcome`, if any.
pub fn error_for<T>(outcome: &Outcome<T>, field: &str) -> Option<Problem> {
    match outcome {
        Some(Err(error)) => error
            .field_errors()
            .and_then(|errors| errors.get(field))
            .map(|e| e.problem.clone()),
        _ => None,
    }
}

/// The value to show in `field`: what was typed, else `default`.
pub fn typed_or<T>(outcome: &Outcome<T>, field: &str, default: &str) -> String {
    match outcome {
        Some(Err(error)) => error
            .echo()
            .and_then(|echo| echo.get(field))
            .unwrap_or(default)
            .to_owned(),
        _ => default.to_owned(),
    }
}

/// The message under a field, tied to it by `aria-describedby`.
#[component]
pub fn FieldMessage(id: String, problem: Option<Problem>) -> impl IntoView {
    let locale = page_locale();
    problem.map(|problem| {
        view! {
            <p class="field-error" id=id>
                {move || problem_text(locale, &problem)}
            </p>
        }
    })
}

/// The message at the top of a form for what is not about one field.
#[component]
pub fn FormAlert(error: FormError) -> impl IntoView {
    let locale = page_locale();
    // A page that shows this alert in place of its content answers with the
    // matching status, so that a proxy, a monitor or a crawler knows.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        match &error {
            FormError::Unavailable { .. } => {
                response.set_status(axum::http::StatusCode::SERVICE_UNAVAILABLE);
                response.insert_header(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(crate::store::RETRY_AFTER_SECONDS),
                );
            }
            FormError::Server(_) => {
                response.set_status(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
            }
            _ => {}
        }
    }
    let text = move || match &error {
        FormError::SignInRequired => td_string!(locale, form.sign_in_required).to_string(),
        FormError::Forbidden => td_string!(locale, form.forbidden).to_string(),
        FormError::BadCredentials => td_string!(locale, sign_in.bad_credentials).to_string(),
        FormError::LockedOut { retry_after_secs } => {
            let minutes = retry_after_secs.div_ceil(60).max(1);
            td_string!(locale, sign_in.locked_out, minutes).to_string()
        }
        FormError::Invalid { errors, .. } => {
            td_string!(locale, form.invalid, n = errors.0.len()).to_string()
        }
        FormError::Conflict { .. } => td_string!(locale, form.conflict).to_string(),
        FormError::NotFound => td_string!(locale, form.not_found).to_string(),
        FormError::Unavailable {
            cannot_write: false,
        } => td_string!(locale, form.unavailable).to_string(),
        FormError::Unavailable { cannot_write: true } => {
            td_string!(locale, form.cannot_write).to_string()
        }
        FormError::Server(_) => td_string!(locale, form.server_error).to_string(),
    };
    view! {
        <div class="form-alert" role="alert">
            <p>{text}</p>
        </div>
    }
}
