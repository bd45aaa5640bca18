//! The write API for other systems, under `/api/v1`: create and change
//! initiatives, record status updates, milestones, indicators and their
//! values, as JSON, with a bearer token. Described by the OpenAPI document
//! it serves at `/api/v1/openapi.json`.
//!
//! A request goes: [`auth`] (401 without a valid token, 403 for a role that
//! may not write) → [`body`] (the JSON read into the domain's forms, whose
//! `parse` applies the same rules and names the same fields as the browser
//! and the CSV import: 422) → the store, in one transaction that also writes
//! the audit row, attributed to the token's account through `api`. Every
//! error is JSON ([`error`]). This module holds no business rule of its own
//! beyond reading JSON.

mod auth;
mod body;
mod error;
mod indicators;
mod initiatives;
mod milestones;
mod schema;
mod updates;

use app::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde::Serialize;
use std::sync::LazyLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The largest request body accepted (413 above it): 1 MiB.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The routes of the API, to nest under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/initiatives", post(initiatives::create))
        .route(
            "/initiatives/{id}",
            get(initiatives::show).patch(initiatives::change),
        )
        .route("/initiatives/{id}/updates", post(updates::create))
        .route("/initiatives/{id}/milestones", post(milestones::create))
        .route("/milestones/{id}", patch(milestones::change))
        .route("/initiatives/{id}/indicators", post(indicators::create))
        .route("/indicators/{id}/values", post(indicators::record_value))
        .fallback(|| async { error::ApiError::NoRoute })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// 201 Created, with the new resource's address and the resource.
fn created(location: &str, resource: &impl Serialize) -> Response {
    let mut response = (StatusCode::CREATED, Json(resource)).into_response();
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(location).expect("an ASCII path"),
    );
    response
}

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jalons write API",
        version = "1",
        description = "Create and change initiatives, and record their status updates, \
milestones and indicator values, from other systems.\n\n\
Authenticate with `Authorization: Bearer <token>`; an administrator creates a token for an \
account with `jalons token create --email E` (and revokes it with `jalons token revoke`). \
Viewers may read; editors and administrators may write; only administrators may publish or \
unpublish. Every change is recorded in the audit log under the token's account.\n\n\
Field names and codes are the snake_case of the domain (`as_of`, `status: \"in_progress\"`). \
Dates are `YYYY-MM-DD`; amounts of money are JSON numbers of dollars with at most two \
decimals; percentages are whole numbers from 0 to 100. Unknown fields are refused.\n\n\
Initiatives are versioned: responses carry `ETag: \"<version>\"`, and `PATCH` requires \
`If-Match` with it (428 without it, 409 with the current initiative when it is stale).\n\n\
Errors are JSON (`ErrorBody`); 422 lists each field at fault, and nothing is stored. \
Bodies over 1 MiB get 413."
    ),
    paths(
        initiatives::create,
        initiatives::show,
        initiatives::change,
        updates::create,
        milestones::create,
        milestones::change,
        indicators::create,
        indicators::record_value,
    ),
    components(schemas(error::ErrorBody, error::FieldProblem)),
    modifiers(&BearerToken),
    security(("bearer" = [])),
)]
struct ApiDoc;

/// Declares the bearer token every operation requires.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("jalons_…")
                    .description(Some("A token from `jalons token create`"))
                    .build(),
            ),
        );
    }
}

/// `GET /api/v1/openapi.json`, public: the document, built once.
async fn openapi() -> Response {
    static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
        ApiDoc::openapi()
            .to_pretty_json()
            .expect("the OpenAPI document serialises")
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
        .into_response()
}
