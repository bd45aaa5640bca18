//! How the API says no: one [`ApiError`] per way a request can fail,
//! each mapped to its status code and a JSON body of the same shape
//! ([`ErrorBody`]), so that a client never has to parse plain text.
//!
//! Policy: a client is told what it can act on (which field, which
//! version, which role is needed); database and internal failures are
//! logged here with their cause and answered with a bare 500, never with
//! their text; a database that is away or cannot write is a 503 with
//! `Retry-After`.

use super::initiatives::InitiativeResource;
use app::domain::{FieldError, FieldErrors, Problem};
use app::store::RETRY_AFTER_SECONDS;
use app::store::{StoreError, Unavailable};
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Serialize;
use utoipa::ToSchema;

/// Everything that stops a request of the API.
#[derive(Debug)]
pub enum ApiError {
    /// 401: no bearer token, or one that is unknown, revoked or whose account is disabled.
    Unauthenticated { token_given: bool },
    /// 403: the token's account may not do this.
    Forbidden(&'static str),
    /// 404: no such resource.
    NotFound { entity: &'static str, id: i64 },
    /// 404: an address the API does not serve.
    NoRoute,
    /// 428: a change of a versioned resource without `If-Match`.
    PreconditionRequired,
    /// 400: an `If-Match` header that is not one quoted version.
    MalformedIfMatch,
    /// 409: the resource changed since the version the client sent.
    Conflict(Box<InitiativeResource>),
    /// 422: fields that are missing, malformed or break a rule; nothing was stored.
    Invalid(FieldErrors),
    /// 400: a query parameter that is malformed (`?as_of=2024-13-01`).
    BadQuery(FieldErrors),
    /// 400, 413, 415 or 422: a body that is not the JSON object expected.
    Body { status: StatusCode, message: String },
    /// 503: the database is away or cannot write; nothing was stored and
    /// the request may be sent again.
    Unavailable(Unavailable),
    /// 500: logged, never shown.
    Internal,
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable and machine-readable: `unauthorized`, `forbidden`, `not_found`,
    /// `precondition_required`, `bad_request`, `conflict`, `invalid`,
    /// `payload_too_large`, `unsupported_media_type`, `request_timeout`,
    /// `too_many_requests`, `unavailable`, `internal`.
    pub code: &'static str,
    /// For people, in English.
    pub message: String,
    /// For `invalid`: one entry per field at fault, in the order of the
    /// body; for `bad_request` about a query parameter, that parameter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// For `conflict`: the version the resource is at now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// For `conflict`: the resource as it is now, to merge the change into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<InitiativeResource>>,
}

/// What is wrong with one field.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field's name in the request body (`percent_complete`, `title_fr`…).
    #[schema(example = "percent_complete")]
    pub field: String,
    /// One of `required`, `unknown`, `malformed`, `out_of_range`, `too_long`,
    /// `too_short`, `invalid_character`, `ends_before_start`, `duplicate`,
    /// `invalid_parent`, `explanation_required`.
    #[schema(example = "out_of_range")]
    pub code: &'static str,
    #[schema(example = "percent_complete: 101 is out of range (0 to 100)")]
    pub message: String,
}

impl From<&FieldError> for FieldProblem {
    fn from(error: &FieldError) -> Self {
        let code = match error.problem {
            Problem::Required => "required",
            Problem::Unknown { .. } => "unknown",
            Problem::Malformed { .. } => "malformed",
            Problem::OutOfRange { .. } => "out_of_range",
            Problem::TooLong { .. } => "too_long",
            Problem::TooShort { .. } => "too_short",
            Problem::InvalidCharacter { .. } => "invalid_character",
            Problem::EndsBeforeStart { .. } => "ends_before_start",
            Problem::Duplicate { .. } => "duplicate",
            Problem::InvalidParent { .. } => "invalid_parent",
            Problem::ExplanationRequired => "explanation_required",
        };
        FieldProblem {
            field: error.field.clone(),
            code,
            message: error.to_string(),
        }
    }
}

impl ApiError {
    /// Maps a store error; `path_field` names the store's field that holds
    /// the id taken from the address (`initiative_id` for
    /// `/initiatives/{id}/updates`): an unknown one is a 404, not a bad field.
    pub fn from_store(error: StoreError, path_field: Option<(&str, &'static str, i64)>) -> Self {
        if let Some(why) = error.unavailable() {
            tracing::warn!(error = %error, source = ?std::error::Error::source(&error), "API request refused: the database is unavailable");
            return ApiError::Unavailable(why);
        }
        match error {
            StoreError::Invalid(errors) => {
                if let Some((field, entity, id)) = path_field {
                    let about_path = |e: &FieldError| {
                        e.field == field && matches!(e.problem, Problem::Unknown { .. })
                    };
                    if errors.0.iter().any(about_path) {
                        return ApiError::NotFound { entity, id };
                    }
                }
                ApiError::Invalid(errors)
            }
            StoreError::NotFound { entity, id } => ApiError::NotFound { entity, id },
            other => {
                tracing::error!(error = %other, source = ?std::error::Error::source(&other), "API request failed in the store");
                ApiError::Internal
            }
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound { .. } | ApiError::NoRoute => StatusCode::NOT_FOUND,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::MalformedIfMatch | ApiError::BadQuery(_) => StatusCode::BAD_REQUEST,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Body { status, .. } => *status,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// An answer in the API's error shape ([`ErrorBody`]) with no more than a
/// code and a message: for the layers in front of the API (size, time and
/// rate limits), which refuse a request before any handler sees it.
pub fn error_response(status: StatusCode, code: &'static str, message: String) -> Response {
    let body = ErrorBody {
        code,
        message,
        errors: Vec::new(),
        current_version: None,
        current: None,
    };
    (status, Json(body)).into_response()
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        ApiError::from_store(error, None)
    }
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        ApiError::Invalid(errors)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut body = ErrorBody {
            code: "",
            message: String::new(),
            errors: Vec::new(),
            current_version: None,
            current: None,
        };
        let mut challenge = None;
        let mut retry_after = false;
        match self {
            ApiError::Unauthenticated { token_given } => {
                body.code = "unauthorized";
                body.message = if token_given {
                    "the bearer token is unknown, revoked, or its account is disabled".into()
                } else {
                    "a bearer token is required (Authorization: Bearer jalons_…)".into()
                };
                challenge = Some(if token_given {
                    HeaderValue::from_static(r#"Bearer realm="jalons", error="invalid_token""#)
                } else {
                    HeaderValue::from_static(r#"Bearer realm="jalons""#)
                });
            }
            ApiError::Forbidden(why) => {
                body.code = "forbidden";
                body.message = why.into();
            }
            ApiError::NotFound { entity, id } => {
                body.code = "not_found";
                body.message = format!("{entity} {id} does not exist");
            }
            ApiError::NoRoute => {
                body.code = "not_found";
                body.message = "the API has nothing at this address".into();
            }
            ApiError::PreconditionRequired => {
                body.code = "precondition_required";
                body.message = "send If-Match with the ETag of the version you changed".into();
            }
            ApiError::MalformedIfMatch => {
                body.code = "bad_request";
                body.message = r#"If-Match must be one ETag, e.g. "3""#.into();
            }
            ApiError::Conflict(current) => {
                body.code = "conflict";
                body.message = format!(
                    "initiative {} was changed by someone else: it is now at version {}",
                    current.id, current.version
                );
                body.current_version = Some(current.version);
                body.current = Some(current);
            }
            ApiError::Invalid(errors) => {
                body.code = "invalid";
                body.message = errors.to_string();
                body.errors = errors.0.iter().map(FieldProblem::from).collect();
            }
            ApiError::BadQuery(errors) => {
                body.code = "bad_request";
                body.message = errors.to_string();
                body.errors = errors.0.iter().map(FieldProblem::from).collect();
            }
            ApiError::Body { status, message } => {
                body.code = match status {
                    StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
                    StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
                    StatusCode::UNPROCESSABLE_ENTITY => "invalid",
                    _ => "bad_request",
                };
                // Well-formed JSON of the wrong shape (an array, a string):
                // a 422 like any other, its field the body as a whole.
                if status == StatusCode::UNPROCESSABLE_ENTITY {
                    body.errors.push(FieldProblem {
                        field: "body".into(),
                        code: "malformed",
                        message: message.clone(),
                    });
                }
                body.message = message;
            }
            ApiError::Unavailable(why) => {
                body.code = "unavailable";
                body.message = match why {
                    Unavailable::Down => "the database is unavailable; nothing was stored, try again shortly",
                    Unavailable::CannotWrite => "the database cannot write (its disk is full or read-only); nothing was stored",
                }
                .into();
                retry_after = true;
            }
            ApiError::Internal => {
                body.code = "internal";
                body.message = "the request could not be completed; nothing was stored".into();
            }
        }
        let mut response = (status, Json(body)).into_response();
        if let Some(challenge) = challenge {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, challenge);
        }
        if retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
    }
}

/// A JSON body whose rejection is an [`ApiError`] with a JSON body, not
/// axum's plain text.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError::from(rejection)),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let message = match &rejection {
            JsonRejection::MissingJsonContentType(_) => {
                "the body must be JSON (Content-Type: application/json)".to_owned()
            }
            JsonRejection::BytesRejection(_)
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                format!(
                    "the body is larger than the limit of {} bytes",
                    super::BODY_LIMIT
                )
            }
            _ => format!("body: {}", rejection.body_text()),
        };
        ApiError::Body {
            status: rejection.status(),
            message,
        }
    }
}

/// An id taken from the address; one that is not a positive integer names
/// nothing, so it is a 404 like an unknown one.
pub struct ApiPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ApiPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<i64>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) if id > 0 => Ok(ApiPath(id)),
            Ok(_) | Err(PathRejection::FailedToDeserializePathParams(_)) => Err(ApiError::NoRoute),
            Err(other) => {
                tracing::error!(error = %other, "API route without its id parameter");
                Err(ApiError::Internal)
            }
        }
    }
}
