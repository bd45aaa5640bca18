//! Accounts: creation rules, roles, disabling, and password verification
//! that tells an unknown address and a wrong password apart to nobody.

use app::domain::*;
use app::store::accounts::{self, generate_password, PASSWORD_MIN_LEN};
use app::store::testing::fresh_db;
use app::store::{Actor, Db, StoreError};

const CLI: Actor = Actor {
    who: "admin",
    via: Via::Cli,
};

fn email(text: &str) -> Email {
    Email::parse("email", text).unwrap()
}

async fn add(db: &Db, address: &str, role: Role, password: &str) -> Result<Account, StoreError> {
    let mut tx = db.begin().await?;
    let account = accounts::create_account(
        &mut tx,
        CLI,
        &email(address),
        "Bertrand Lauzon",
        role,
        password,
    )
    .await?;
    tx.commit().await?;
    Ok(account)
}

fn fields(err: StoreError) -> Vec<String> {
    match err {
        StoreError::Invalid(errors) => errors.0.into_iter().map(|e| e.field).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn an_account_signs_in_with_its_password_only() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let password = generate_password();
    assert_eq!(password.len(), 20);
    let created = add(db, "Editor@SCT.gouv.qc.ca", Role::Editor, &password)
        .await
        .unwrap();

    let signed_in = accounts::verify_credentials(db, "editor@sct.gouv.qc.ca", &password)
        .await
        .unwrap();

    assert_eq!(signed_in, Some(created.clone()));
    assert_eq!(created.email.as_str(), "editor@sct.gouv.qc.ca");
    assert_eq!(
        accounts::verify_credentials(db, "editor@sct.gouv.qc.ca", "wrong password!")
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        accounts::verify_credentials(db, "nobody@sct.gouv.qc.ca", &password)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        accounts::verify_credentials(db, "not an address", &password)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn bad_accounts_are_refused_naming_each_field_and_nothing_is_stored() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    add(
        db,
        "admin@sct.gouv.qc.ca",
        Role::Administrator,
        &generate_password(),
    )
    .await
    .unwrap();

    let err = add(db, "ADMIN@sct.gouv.qc.ca", Role::Editor, "short")
        .await
        .unwrap_err();

    assert_eq!(fields(err), ["password", "email"]);
    assert_eq!(accounts::accounts(db).await.unwrap().len(), 1);
    let just_short = "x".repeat(PASSWORD_MIN_LEN - 1);
    let long_enough = "x".repeat(PASSWORD_MIN_LEN);
    assert_eq!(
        fields(
            add(db, "new@sct.gouv.qc.ca", Role::Viewer, &just_short)
                .await
                .unwrap_err()
        ),
        ["password"]
    );
    assert!(add(db, "new@sct.gouv.qc.ca", Role::Viewer, &long_enough)
        .await
        .is_ok());
    assert_eq!(PASSWORD_MIN_LEN, 12);
}

#[tokio::test]
async fn roles_change_and_a_disabled_account_cannot_sign_in() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let password = generate_password();
    add(db, "viewer@sct.gouv.qc.ca", Role::Viewer, &password)
        .await
        .unwrap();

    let mut tx = db.begin().await.unwrap();
    let promoted = accounts::set_role(&mut tx, CLI, &email("viewer@sct.gouv.qc.ca"), Role::Editor)
        .await
        .unwrap();
    let disabled = accounts::set_disabled(&mut tx, CLI, &email("viewer@sct.gouv.qc.ca"), true)
        .await
        .unwrap();
    let err = accounts::set_role(&mut tx, CLI, &email("ghost@sct.gouv.qc.ca"), Role::Editor)
        .await
        .unwrap_err();
    tx.commit().await.unwrap();

    assert_eq!(promoted.role, Role::Editor);
    assert!(disabled.disabled);
    assert_eq!(fields(err), ["email"]);
    assert_eq!(
        accounts::verify_credentials(db, "viewer@sct.gouv.qc.ca", &password)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn the_audit_log_records_account_changes_but_never_a_password() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let password = generate_password();
    add(db, "admin@sct.gouv.qc.ca", Role::Administrator, &password)
        .await
        .unwrap();

    let sql = "select after_json from audit_log where entity = 'account'";
    let rows: Vec<Option<String>> = match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
    };
    let after = rows[0].clone().unwrap();
    assert!(after.contains("admin@sct.gouv.qc.ca"), "{after}");
    assert!(
        !after.contains(&password) && !after.contains("argon2"),
        "{after}"
    );
}

#[tokio::test]
async fn a_token_acts_as_its_account_until_revoked_and_is_stored_only_as_a_digest() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    add(
        db,
        "system@sct.gouv.qc.ca",
        Role::Editor,
        &generate_password(),
    )
    .await
    .unwrap();
    let mut tx = db.begin().await.unwrap();
    let (token, listed) =
        accounts::create_token(&mut tx, CLI, &email("system@sct.gouv.qc.ca"), "GIRES")
            .await
            .unwrap();
    let err = accounts::create_token(&mut tx, CLI, &email("ghost@sct.gouv.qc.ca"), "")
        .await
        .unwrap_err();
    tx.commit().await.unwrap();

    assert_eq!(fields(err), ["email"]);
    assert!(token.starts_with(accounts::TOKEN_PREFIX) && token.len() > 40);
    let acting = accounts::account_for_token(db, &token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (acting.email.as_str(), acting.role),
        ("system@sct.gouv.qc.ca", Role::Editor)
    );
    assert_eq!(
        accounts::account_for_token(db, "jalons_not-a-token")
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        accounts::tokens(db).await.unwrap(),
        std::slice::from_ref(&listed)
    );
    let stored: Vec<String> = match db {
        Db::Sqlite(p) => sqlx::query_scalar("select digest from api_token")
            .fetch_all(p)
            .await
            .unwrap(),
        Db::Postgres(p) => sqlx::query_scalar("select digest from api_token")
            .fetch_all(p)
            .await
            .unwrap(),
    };
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(&token[7..]));

    let mut tx = db.begin().await.unwrap();
    accounts::revoke_token(&mut tx, CLI, listed.id)
        .await
        .unwrap();
    assert_eq!(
        fields(
            accounts::revoke_token(&mut tx, CLI, listed.id)
                .await
                .unwrap_err()
        ),
        ["id"]
    );
    tx.commit().await.unwrap();
    assert_eq!(accounts::account_for_token(db, &token).await.unwrap(), None);
}

#[tokio::test]
async fn a_disabled_accounts_tokens_stop_working() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    add(
        db,
        "system@sct.gouv.qc.ca",
        Role::Editor,
        &generate_password(),
    )
    .await
    .unwrap();
    let mut tx = db.begin().await.unwrap();
    let (token, _) = accounts::create_token(&mut tx, CLI, &email("system@sct.gouv.qc.ca"), "")
        .await
        .unwrap();
    accounts::set_disabled(&mut tx, CLI, &email("system@sct.gouv.qc.ca"), true)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(accounts::account_for_token(db, &token).await.unwrap(), None);
}
