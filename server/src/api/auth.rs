//! Who is calling: the account behind the request's bearer token.
//!
//! Tokens are created by an administrator for an account (`jalons token
//! create --email E`); the store keeps only their digest and answers `None`
//! for an unknown or revoked token or a disabled account. This module must
//! never log a token.

use super::error::ApiError;
use app::domain::{Account, Via};
use app::state::AppState;
use app::store::{accounts, Actor};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

/// The account a valid bearer token acts as; any role may read.
pub struct Caller(pub Account);

impl Caller {
    /// The author of the changes made through this request, for the audit log.
    pub fn actor(&self) -> Actor<'_> {
        Actor::of(&self.0, Via::Api)
    }

    /// Refuses, with 403, unless the account may publish and unpublish.
    pub fn ensure_can_publish(&self) -> Result<(), ApiError> {
        if self.0.role.can_administer() {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                "only an administrator may publish or unpublish an initiative",
            ))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Err(ApiError::Unauthenticated { token_given: false });
        };
        let token = header
            .to_str()
            .ok()
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        let Some(token) = token else {
            return Err(ApiError::Unauthenticated { token_given: false });
        };
        match accounts::account_for_token(&state.db, token).await? {
            Some(account) => Ok(Caller(account)),
            None => Err(ApiError::Unauthenticated { token_given: true }),
        }
    }
}

/// Who reads: the public (a request without `Authorization`), or the
/// account of a valid bearer token (every role reads everything, internal
/// included). A request with an `Authorization` header that is not a valid
/// token gets 401, as everywhere in the API: it never falls back to the
/// public.
pub enum Audience {
    Public,
    /// A valid token: whichever its account's role, it reads everything.
    Token,
}

impl Audience {
    /// Whether the answer is the public's (and so may be cached by anyone).
    pub fn is_public(&self) -> bool {
        matches!(self, Audience::Public)
    }
}

impl FromRequestParts<AppState> for Audience {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.contains_key(AUTHORIZATION) {
            Caller::from_request_parts(parts, state).await?;
            Ok(Audience::Token)
        } else {
            Ok(Audience::Public)
        }
    }
}

/// A caller whose role may change the data (editor or administrator);
/// anyone else gets 403.
pub struct Editor(pub Caller);

impl FromRequestParts<AppState> for Editor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if caller.0.role.can_edit() {
            Ok(Editor(caller))
        } else {
            Err(ApiError::Forbidden(
                "this token's account may read but not change the data",
            ))
        }
    }
}
