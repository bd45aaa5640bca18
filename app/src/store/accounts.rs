//! Accounts and their passwords. Passwords are hashed with argon2id
//! (password-auth) on a blocking thread; a hash is read only to be verified,
//! and never written to the audit log.

use super::{Actor, Db, StoreError, Tx};
use crate::domain::*;
use chrono::Utc;
use rand::distr::{Alphanumeric, SampleString};

/// Passwords shorter than this are refused.
pub const PASSWORD_MIN_LEN: usize = 12;

/// A password to hand to a new user: 20 random letters and digits.
pub fn generate_password() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 20)
}

async fn hash(password: &str) -> Result<String, StoreError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(|e| StoreError::Corrupt(format!("password hashing failed: {e}")))
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    disabled: bool,
}

impl TryFrom<AccountRow> for Account {
    type Error = StoreError;
    fn try_from(r: AccountRow) -> Result<Self, StoreError> {
        let corrupt = |e: FieldError| StoreError::Corrupt(e.to_string());
        Ok(Account {
            id: r.id,
            email: Email::parse("email", &r.email).map_err(corrupt)?,
            name: r.name,
            role: Role::parse("role", &r.role).map_err(corrupt)?,
            disabled: r.disabled,
        })
    }
}

const COLUMNS: &str = "id, email, name, role, disabled";

async fn load(tx: &mut Tx, email: &Email) -> Result<Option<Account>, StoreError> {
    let sql = format!("select {COLUMNS} from account where email = $1");
    let row: Option<AccountRow> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(email.as_str()).fetch_optional(c).await)?;
    row.map(Account::try_from).transpose()
}

async fn existing(tx: &mut Tx, email: &Email) -> Result<Account, StoreError> {
    load(tx, email).await?.ok_or_else(|| {
        FieldError::new(
            "email",
            Problem::Unknown {
                value: email.to_string(),
                expected: vec![],
            },
        )
        .into()
    })
}

/// A new account with `password` (at least [`PASSWORD_MIN_LEN`] characters).
pub async fn create_account(
    tx: &mut Tx,
    actor: Actor<'_>,
    email: &Email,
    name: &str,
    role: Role,
    password: &str,
) -> Result<Account, StoreError> {
    let mut errors = FieldErrors::default();
    let name = errors.take(required_text("name", name, 200));
    if password.chars().count() < PASSWORD_MIN_LEN {
        errors.push(FieldError::new(
            "password",
            Problem::TooShort {
                min: PASSWORD_MIN_LEN,
            },
        ));
    }
    if load(tx, email).await?.is_some() {
        errors.push(FieldError::new(
            "email",
            Problem::Duplicate {
                value: email.to_string(),
            },
        ));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let password_hash = hash(password).await?;
    let now = Utc::now();
    let sql = format!(
        "insert into account (email, name, role, password_hash, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $5) returning {COLUMNS}"
    );
    let row: AccountRow = on_tx!(tx, c => sqlx::query_as(&sql)
        .bind(email.as_str())
        .bind(name.as_deref())
        .bind(role.as_str())
        .bind(&password_hash)
        .bind(now)
        .fetch_one(c)
        .await)?;
    let account = Account::try_from(row)?;
    super::write::record_change(
        tx,
        actor,
        "create",
        "account",
        account.id,
        None::<&()>,
        Some(&account),
    )
    .await?;
    Ok(account)
}

/// Changes what an account may do.
pub async fn set_role(
    tx: &mut Tx,
    actor: Actor<'_>,
    email: &Email,
    role: Role,
) -> Result<Account, StoreError> {
    let before = existing(tx, email).await?;
    const SQL: &str = "update account set role = $1, updated_at = $2 where id = $3";
    on_tx!(tx, c => sqlx::query(SQL).bind(role.as_str()).bind(Utc::now()).bind(before.id).execute(c).await.map(|r| r.rows_affected()))?;
    let after = Account {
        role,
        ..before.clone()
    };
    super::write::record_change(
        tx,
        actor,
        "set_role",
        "account",
        after.id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Disables (or enables again) an account: a disabled account cannot sign in.
pub async fn set_disabled(
    tx: &mut Tx,
    actor: Actor<'_>,
    email: &Email,
    disabled: bool,
) -> Result<Account, StoreError> {
    let before = existing(tx, email).await?;
    const SQL: &str = "update account set disabled = $1, updated_at = $2 where id = $3";
    on_tx!(tx, c => sqlx::query(SQL).bind(disabled).bind(Utc::now()).bind(before.id).execute(c).await.map(|r| r.rows_affected()))?;
    let after = Account {
        disabled,
        ..before.clone()
    };
    let action = if disabled { "disable" } else { "enable" };
    super::write::record_change(
        tx,
        actor,
        action,
        "account",
        after.id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// The account that `email` and `password` open, if any: `None` alike for an
/// unknown address, a wrong password or a disabled account, with the same
/// hashing work in each case so that timing tells nothing either.
pub async fn verify_credentials(
    db: &Db,
    email: &str,
    password: &str,
) -> Result<Option<Account>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct CredentialRow {
        #[sqlx(flatten)]
        account: AccountRow,
        password_hash: String,
    }
    let found: Option<CredentialRow> = match Email::parse("email", email) {
        Err(_) => None,
        Ok(email) => {
            let sql = format!("select {COLUMNS}, password_hash from account where email = $1");
            on_pool!(db, p => sqlx::query_as(&sql).bind(email.as_str()).fetch_optional(p).await)?
        }
    };
    let stored_hash = match &found {
        Some(row) => row.password_hash.clone(),
        None => decoy_hash().to_owned(),
    };
    let password = password.to_owned();
    let matches = tokio::task::spawn_blocking(move || {
        password_auth::verify_password(password, &stored_hash).is_ok()
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("password verification failed: {e}")))?;
    match found {
        Some(row) if matches && !row.account.disabled => Account::try_from(row.account).map(Some),
        _ => Ok(None),
    }
}

/// A hash of a random password, made like every other, verified when the
/// account is unknown so that the answer takes as long.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| password_auth::generate_hash(generate_password()))
}

/// Every account, by e-mail address.
pub async fn accounts(db: &Db) -> Result<Vec<Account>, StoreError> {
    let sql = format!("select {COLUMNS} from account order by email");
    let rows: Vec<AccountRow> = on_pool!(db, p => sqlx::query_as(&sql).fetch_all(p).await)?;
    rows.into_iter().map(Account::try_from).collect()
}

/// A bearer token as listed: never the token itself.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub account: Email,
    pub label: String,
    pub created_at: chrono::DateTime<Utc>,
    pub revoked_at: Option<chrono::DateTime<Utc>>,
}

/// Tokens start with this, so that a leaked one is easy to recognise.
pub const TOKEN_PREFIX: &str = "jalons_";

fn digest(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a token acting as the account of `email`; returns the token
/// (shown once, stored only as a digest) and its listing.
pub async fn create_token(
    tx: &mut Tx,
    actor: Actor<'_>,
    email: &Email,
    label: &str,
) -> Result<(String, ApiToken), StoreError> {
    let account = existing(tx, email).await?;
    if account.disabled {
        return Err(FieldError::new(
            "email",
            Problem::Unknown {
                value: email.to_string(),
                expected: vec![],
            },
        )
        .into());
    }
    let label = optional_text("label", label, 200)?.unwrap_or_default();
    let token = format!(
        "{TOKEN_PREFIX}{}",
        Alphanumeric.sample_string(&mut rand::rng(), 40)
    );
    // Microseconds: what PostgreSQL keeps, so the listing returned matches the stored one.
    let now = chrono::SubsecRound::trunc_subsecs(Utc::now(), 6);
    const SQL: &str = "insert into api_token (account_id, digest, label, created_at) values ($1, $2, $3, $4) returning id";
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(SQL).bind(account.id).bind(digest(&token)).bind(&label).bind(now).fetch_one(c).await)?;
    let listed = ApiToken {
        id,
        account: account.email,
        label,
        created_at: now,
        revoked_at: None,
    };
    super::write::record_change(
        tx,
        actor,
        "create",
        "api_token",
        id,
        None::<&()>,
        Some(&listed),
    )
    .await?;
    Ok((token, listed))
}

/// Revokes a token: it stops working at once.
pub async fn revoke_token(tx: &mut Tx, actor: Actor<'_>, id: i64) -> Result<(), StoreError> {
    const SQL: &str = "update api_token set revoked_at = $1 where id = $2 and revoked_at is null";
    let changed = on_tx!(tx, c => sqlx::query(SQL).bind(Utc::now()).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    if changed == 0 {
        return Err(FieldError::new(
            "id",
            Problem::Unknown {
                value: id.to_string(),
                expected: vec![],
            },
        )
        .into());
    }
    super::write::record_change(tx, actor, "revoke", "api_token", id, None::<&()>, Some(&id)).await
}

/// The account a bearer token acts as, if the token exists, is not revoked
/// and its account is not disabled.
pub async fn account_for_token(db: &Db, token: &str) -> Result<Option<Account>, StoreError> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let sql = "select a.id, a.email, a.name, a.role, a.disabled from api_token t join account a on a.id = t.account_id \
               where t.digest = $1 and t.revoked_at is null and not a.disabled";
    let row: Option<AccountRow> =
        on_pool!(db, p => sqlx::query_as(sql).bind(digest(token)).fetch_optional(p).await)?;
    row.map(Account::try_from).transpose()
}

/// Every token, newest first.
pub async fn tokens(db: &Db) -> Result<Vec<ApiToken>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct TokenRow {
        id: i64,
        email: String,
        label: String,
        created_at: chrono::DateTime<Utc>,
        revoked_at: Option<chrono::DateTime<Utc>>,
    }
    const SQL: &str = "select t.id, a.email, t.label, t.created_at, t.revoked_at from api_token t \
                       join account a on a.id = t.account_id order by t.id desc";
    let rows: Vec<TokenRow> = on_pool!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?;
    rows.into_iter()
        .map(|r| {
            Ok(ApiToken {
                id: r.id,
                account: Email::parse("email", &r.email)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                label: r.label,
                created_at: r.created_at,
                revoked_at: r.revoked_at,
            })
        })
        .collect()
}

/// The account of `id` with its password hash, for a session to check that
/// it is still signed in with the same password; `None` once disabled.
pub async fn session_account(db: &Db, id: i64) -> Result<Option<(Account, String)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct SessionRow {
        #[sqlx(flatten)]
        account: AccountRow,
        password_hash: String,
    }
    let sql = format!("select {COLUMNS}, password_hash from account where id = $1");
    let row: Option<SessionRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
    match row {
        Some(row) if !row.account.disabled => {
            Ok(Some((Account::try_from(row.account)?, row.password_hash)))
        }
        _ => Ok(None),
    }
}
