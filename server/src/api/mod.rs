//! The API under `/api/v1`: the open data for anyone (read the published
//! initiatives, their status updates and indicators, as JSON or CSV), and
//! for other systems with a bearer token, reading everything and changing
//! it (create and change initiatives, record status updates, milestones,
//! indicators and their values). Described by the OpenAPI document it
//! serves at `/api/v1/openapi.json`.
//!
//! A read goes: [`auth::Audience`] (the public without `Authorization`, a
//! token's account with one, 401 for an invalid token) → [`open_data`],
//! which asks the store for what that audience may read
//! (`app::store::public` for the public).
//!
//! A write goes: [`auth`] (401 without a valid token, 403 for a role that
//! may not write) → [`body`] (the JSON read into the domain's forms, whose
//! `parse` applies the same rules and names the same fields as the browser
//! and the CSV import: 422) → the store, in one transaction that also writes
//! the audit row, attributed to the token's account through `api`. Every
//! error is JSON ([`error`]). This module holds no business rule of its own
//! beyond reading JSON.

mod auth;
mod body;
mod contract;
mod error;
mod indicators;
mod initiatives;
mod milestones;
mod open_data;
pub mod rate;
mod reports;
mod schema;
mod updates;

use app::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use contract::Contract;
use serde::Serialize;
use std::sync::LazyLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The largest request body accepted (413 above it): the server's one limit.
pub use crate::security::BODY_LIMIT;
pub use error::error_response;

/// The routes of the API, to nest under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route(
            "/initiatives",
            get(open_data::list).post(initiatives::create),
        )
        .route("/initiatives.csv", get(open_data::list_csv))
        .route(
            "/initiatives/{id}",
            get(open_data::show).patch(initiatives::change),
        )
        .route(
            "/initiatives/{id}/updates",
            get(open_data::updates).post(updates::create),
        )
        .route("/initiatives/{id}/milestones", post(milestones::create))
        .route("/milestones/{id}", patch(milestones::change))
        .route("/initiatives/{id}/indicators", post(indicators::create))
        .route(
            "/indicators/{id}/values",
            get(open_data::indicator_values).post(indicators::record_value),
        )
        .route(
            "/reports/information-sharing",
            get(reports::information_sharing),
        )
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
        title = "Jalons API: open data and write API",
        version = "1",
        description = "The progress of the government's IT and digital-transformation initiatives, as \
dated data: read it as open data, or read and change everything from other systems.\n\n\
**Open data.** The `GET` operations need no authentication. Without an `Authorization` header they answer \
with the published data only: the initiatives an administrator published that are not archived, with their \
public fields (never an internal note, an author's e-mail address, a contact or audit data). A published \
initiative whose parent is not published is shown as a root (`parent_id: null`). An initiative that is not \
published is answered `404`, like one that does not exist. These answers may be kept by any cache, \
which asks again after a second (`Cache-Control: public, max-age=0, s-maxage=1, must-revalidate`; \
`ETag` and `Last-Modified` answer `304`). The data is updated as the CIO office records it; the reporting \
period is semi-annual by default. Atom feeds of the published status updates are at `/fr/feed.atom`, \
`/en/feed.atom` and `/{lang}/initiatives/{id}/feed.atom`.\n\n\
**Tokens.** With `Authorization: Bearer <token>`, every operation answers with everything the token's \
account may read (every role reads everything, internal included, with the internal fields), never cached \
(`Cache-Control: private, no-store`); an invalid token is answered `401`, never the public's data. An \
administrator creates a token for an account with `jalons token create --email E` (and revokes it with \
`jalons token revoke`). Viewers may read; editors and administrators may write; only administrators may \
publish or unpublish. Every change is recorded in the audit log under the token's account.\n\n\
**Values.** Field names and codes are the snake_case of the domain (`as_of`, `status: \"in_progress\"`). \
Dates are `YYYY-MM-DD`; instants are RFC 3339 in UTC; amounts of money are JSON numbers of dollars with at \
most two decimals; percentages are whole numbers from 0 to 100. The codes of each vocabulary are listed \
in the schemas. Unknown fields in a request body are refused.\n\n\
**Versions.** Initiatives are versioned: a token caller's responses carry `ETag: \"<version>\"`, and \
`PATCH` requires `If-Match` with it (428 without it, 409 with the current initiative when it is stale).\n\n\
**Errors** are JSON (`ErrorBody`); 400 names the query parameter at fault, 422 lists each field at fault, \
and nothing is stored. Bodies over 1 MiB get 413."
    ),
    paths(
        open_data::list,
        open_data::list_csv,
        open_data::show,
        open_data::updates,
        open_data::indicator_values,
        initiatives::create,
        initiatives::change,
        updates::create,
        milestones::create,
        milestones::change,
        indicators::create,
        indicators::record_value,
        reports::information_sharing,
    ),
    components(schemas(error::ErrorBody, error::FieldProblem)),
    tags(
        (name = "open data", description = "The published initiatives with their state, as JSON or CSV: \
for anyone without authentication (published data, public fields), or everything with a token. \
The fields, codes and units are described in each schema."),
        (name = "initiatives", description = "One initiative: read it (open data), create it, change it."),
        (name = "status updates", description = "Dated status updates: read an initiative's (open data), record one."),
        (name = "milestones", description = "Dated steps with their baseline, forecast and actual dates."),
        (name = "indicators", description = "Measured quantities: read one with its values (open data), add one, record a value."),
        (name = "reports", description = "The information-sharing report drafted from the data, for a token of any role (internal: never public)."),
    ),
    modifiers(&BearerToken, &Contract),
    security(("bearer" = [])),
)]
struct ApiDoc;

/// Declares the bearer token: every write requires one; reads take one
/// optionally.
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
