//! Form fields with their label, their error beside them (tied by
//! `aria-describedby`) and the value typed or stored.

use crate::domain::Problem;
use crate::forms::FieldMessage;
use leptos::prelude::*;

/// `form[name]`: the name a server function's `form` argument reads.
pub fn form_name(name: &str) -> String {
    format!("form[{name}]")
}

fn ids(name: &str) -> (String, String) {
    (format!("f-{name}"), format!("f-{name}-error"))
}

/// A single-line input.
#[component]
pub fn InputField(
    name: &'static str,
    label: String,
    value: String,
    problem: Option<Problem>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] lang: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] field_name: Option<String>,
) -> impl IntoView {
    let (id, error_id) = ids(name);
    let hint_id = format!("{id}-hint");
    let invalid = problem.is_some();
    let described = [
        hint.as_ref().map(|_| hint_id.clone()),
        invalid.then(|| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=field_name.unwrap_or_else(|| form_name(name))
                type=input_type
                value=value
                required=required
                lang=lang
                inputmode=inputmode
                aria-invalid=invalid.then_some("true")
                aria-describedby=(!described.is_empty()).then_some(described)
            />
            <FieldMessage id=error_id problem />
        </div>
    }
}

/// A multi-line text.
#[component]
pub fn TextAreaField(
    name: &'static str,
    label: String,
    value: String,
    problem: Option<Problem>,
    #[prop(optional)] lang: Option<&'static str>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let (id, error_id) = ids(name);
    let invalid = problem.is_some();
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                name=form_name(name)
                rows=rows
                lang=lang
                aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then(|| error_id.clone())
            >
                {value}
            </textarea>
            <FieldMessage id=error_id problem />
        </div>
    }
}

/// A choice among `options` (code, label); `empty` adds a first "none" choice.
#[component]
pub fn SelectField(
    name: &'static str,
    label: String,
    value: String,
    problem: Option<Problem>,
    options: Vec<(String, String)>,
    #[prop(optional)] empty: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let (id, error_id) = ids(name);
    let invalid = problem.is_some();
    let selected = value.clone();
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                name=form_name(name)
                required=required
                aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then(|| error_id.clone())
            >
                {empty.map(|text| view! { <option value="" selected=selected.is_empty()>{text}</option> })}
                {options
                    .into_iter()
                    .map(|(code, text)| {
                        let is = code == value;
                        view! { <option value=code selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldMessage id=error_id problem />
        </div>
    }
}
