//! The server functions behind the milestone, indicator and administration
//! pages, called over HTTP as a browser's forms call them: who may write,
//! what a refusal says, and that a refused or invalid form stores nothing.

mod common;

use app::domain::*;
use app::forms::FormError;
use app::store::read::{self, Scope};
use app::store::{accounts, write, Actor};
use common::TestApp;
use reqwest::header;
use reqwest::StatusCode;

const PASSWORD: &str = "correct horse battery staple";
const SETUP: Actor<'static> = Actor {
    who: "setup@example.ca",
    via: Via::Cli,
};

/// Who sends a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Viewer,
    Editor,
    Administrator,
}

const EVERYONE: [Who; 4] = [Who::Anonymous, Who::Viewer, Who::Editor, Who::Administrator];

impl Who {
    fn email(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::Viewer => Some("viewer@example.ca"),
            Who::Editor => Some("editor@example.ca"),
            Who::Administrator => Some("admin@example.ca"),
        }
    }
}

/// The test server with one account per role and an initiative to work on.
struct World {
    app: TestApp,
    initiative: InitiativeId,
    /// The session cookie of each role, signed in once.
    cookies: Vec<(Who, String)>,
}

impl World {
    async fn new() -> World {
        let app = TestApp::spawn().await;
        let db = &app.test_db.db;
        let mut tx = db.begin().await.unwrap();
        for (who, role) in [
            (Who::Viewer, Role::Viewer),
            (Who::Editor, Role::Editor),
            (Who::Administrator, Role::Administrator),
        ] {
            let email = Email::parse("email", who.email().unwrap()).unwrap();
            accounts::create_account(&mut tx, SETUP, &email, "Test", role, PASSWORD)
                .await
                .unwrap();
        }
        let draft = InitiativeForm {
            kind: "programme".into(),
            code: "PGM-1".into(),
            title_fr: "Consolidation des centres de traitement".into(),
            title_en: "Data-centre consolidation".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        let initiative = write::create_initiative(&mut tx, SETUP, &draft)
            .await
            .unwrap()
            .id;
        tx.commit().await.unwrap();
        let mut world = World {
            app,
            initiative,
            cookies: Vec::new(),
        };
        for who in [Who::Viewer, Who::Editor, Who::Administrator] {
            let cookie = world.sign_in(who.email().unwrap()).await;
            world.cookies.push((who, cookie));
        }
        world
    }

    /// Signs in as a browser's form does; returns the session cookie.
    async fn sign_in(&self, email: &str) -> String {
        self.sign_in_with(email, PASSWORD).await
    }

    async fn sign_in_with(&self, email: &str, password: &str) -> String {
        let response = self
            .app
            .client
            .post(self.app.url("/fn/sign_in"))
            .header(header::ACCEPT, "application/json")
            .form(&[("locale", "fr"), ("email", email), ("password", password)])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "sign-in of {email}");
        response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("jalons_session="))
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_owned()
    }

    fn cookie(&self, who: Who) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(w, _)| *w == who)
            .map(|(_, c)| c.as_str())
    }

    /// Posts a form to a server function as `who`, asking for JSON: `Ok`
    /// on success, else the error the function gave.
    async fn post(
        &self,
        who: Who,
        function: &str,
        fields: &[(&str, String)],
    ) -> Result<(), FormError> {
        let mut request = self
            .app
            .client
            .post(self.app.url(&format!("/fn/{function}")))
            .header(header::ACCEPT, "application/json")
            .form(fields);
        if let Some(cookie) = self.cookie(who) {
            request = request.header(header::COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        if status.is_success() {
            Ok(())
        } else {
            Err(serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("{function}: {status} {body}: {e}")))
        }
    }

    /// The HTML of a page as `who` sees it.
    async fn page(&self, who: Who, path: &str) -> String {
        let mut request = self.app.client.get(self.app.url(path));
        if let Some(cookie) = self.cookie(who) {
            request = request.header(header::COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response.text().await.unwrap()
    }

    fn db(&self) -> &app::store::Db {
        &self.app.test_db.db
    }

    async fn milestones(&self) -> Vec<Milestone> {
        read::milestones(self.db(), Scope::Subtree(self.initiative), None)
            .await
            .unwrap()
    }

    async fn indicators(&self) -> Vec<Indicator> {
        read::indicators(self.db(), Scope::Subtree(self.initiative))
            .await
            .unwrap()
    }
}

/// A form: `locale` plus `form[name]` for each field.
fn form(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs = vec![("locale".to_owned(), "fr".to_owned())];
    pairs.extend(
        fields
            .iter()
            .map(|(name, value)| (format!("form[{name}]"), (*value).to_owned())),
    );
    pairs
}

fn with(fields: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let key = format!("form[{name}]");
    fields
        .iter()
        .map(|(k, v)| {
            if *k == key {
                (k.clone(), value.to_owned())
            } else {
                (k.clone(), v.clone())
            }
        })
        .collect()
}

fn borrowed(fields: &[(String, String)]) -> Vec<(&str, String)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect()
}

/// What each role must hear back from a function that needs `writers`.
fn expected(who: Who, writers: &[Who]) -> Result<(), FormError> {
    match who {
        Who::Anonymous => Err(FormError::SignInRequired),
        w if writers.contains(&w) => Ok(()),
        _ => Err(FormError::Forbidden),
    }
}

/// The fields named by an invalid-form answer.
fn invalid_fields(outcome: &Result<(), FormError>) -> Vec<String> {
    match outcome {
        Err(FormError::Invalid { errors, .. }) => {
            errors.0.iter().map(|e| e.field.clone()).collect()
        }
        other => panic!("expected an invalid form, got {other:?}"),
    }
}

const EDITORS: [Who; 2] = [Who::Editor, Who::Administrator];
const ADMINISTRATORS: [Who; 1] = [Who::Administrator];

fn milestone_form(world: &World, title: &str) -> Vec<(String, String)> {
    form(&[
        ("initiative_id", world.initiative.0.to_string().as_str()),
        ("title_fr", title),
        ("title_en", title),
        ("baseline_date", "2019-09-30"),
        ("decided_on", "2019-01-15"),
    ])
}

#[tokio::test]
async fn only_editors_and_administrators_add_milestones() {
    let world = World::new().await;

    for who in EVERYONE {
        let before = world.milestones().await.len();
        let title = format!("Jalon de {who:?}");
        let outcome = world
            .post(
                who,
                "add_milestone",
                &borrowed(&milestone_form(&world, &title)),
            )
            .await;

        assert_eq!(outcome, expected(who, &EDITORS), "{who:?}");
        let after = world.milestones().await;
        let stored = after.iter().any(|m| m.title.fr == title);
        assert_eq!(stored, outcome.is_ok(), "{who:?}");
        assert_eq!(
            after.len(),
            before + usize::from(outcome.is_ok()),
            "{who:?}"
        );
    }
}

#[tokio::test]
async fn a_bad_milestone_field_is_named_and_nothing_is_stored() {
    let world = World::new().await;
    let good = milestone_form(&world, "Mise en service");
    let cases = [
        ("initiative_id", "abc"),
        ("initiative_id", "999999"),
        ("title_fr", " "),
        ("title_en", ""),
        ("baseline_date", "30/09/2019"),
        ("decided_on", "2019-02-30"),
    ];
    for (field, bad) in cases {
        let outcome = world
            .post(
                Who::Editor,
                "add_milestone",
                &borrowed(&with(&good, field, bad)),
            )
            .await;

        assert_eq!(invalid_fields(&outcome), [field], "{field} = {bad:?}");
        assert!(world.milestones().await.is_empty(), "{field} = {bad:?}");
    }
}

#[tokio::test]
async fn only_editors_and_administrators_revise_milestones() {
    let world = World::new().await;
    world
        .post(
            Who::Editor,
            "add_milestone",
            &borrowed(&milestone_form(&world, "Go-live")),
        )
        .await
        .unwrap();
    let milestone = world.milestones().await[0].id;
    let revisions = || async {
        read::milestone_history(world.db(), milestone)
            .await
            .unwrap()
            .unwrap()
            .1
    };

    for (n, who) in EVERYONE.into_iter().enumerate() {
        let before = revisions().await.len();
        let forecast = format!("2020-0{}-15", n + 1);
        let change = form(&[
            ("milestone_id", milestone.0.to_string().as_str()),
            ("decided_on", "2019-06-01"),
            ("forecast_date", forecast.as_str()),
            ("actual_date", ""),
            ("reason_fr", "Retard du fournisseur"),
            ("reason_en", "Supplier delay"),
        ]);
        let outcome = world
            .post(who, "revise_milestone", &borrowed(&change))
            .await;

        assert_eq!(outcome, expected(who, &EDITORS), "{who:?}");
        let after = revisions().await;
        assert_eq!(
            after.len(),
            before + usize::from(outcome.is_ok()),
            "{who:?}"
        );
        if outcome.is_ok() {
            let last = after.last().unwrap();
            assert_eq!(last.forecast_date.to_string(), forecast);
            assert_eq!(last.author, who.email().unwrap());
            assert_eq!(last.reason.en, "Supplier delay");
        }
    }
}

#[tokio::test]
async fn a_bad_milestone_change_is_named_and_nothing_is_stored() {
    let world = World::new().await;
    world
        .post(
            Who::Editor,
            "add_milestone",
            &borrowed(&milestone_form(&world, "Go-live")),
        )
        .await
        .unwrap();
    let milestone = world.milestones().await[0].id;
    let good = form(&[
        ("milestone_id", milestone.0.to_string().as_str()),
        ("decided_on", "2019-06-01"),
        ("forecast_date", "2020-03-31"),
        ("actual_date", ""),
        ("reason_fr", "Retard du fournisseur"),
        ("reason_en", ""),
    ]);
    let long = "x".repeat(TEXT_MAX + 1);
    let cases = [
        ("milestone_id", "0"),
        ("milestone_id", "999999"),
        ("decided_on", ""),
        ("forecast_date", "bientôt"),
        ("actual_date", "2020-13-01"),
        // A moved forecast without a reason.
        ("reason_fr", ""),
        ("reason_en", long.as_str()),
    ];
    for (field, bad) in cases {
        let outcome = world
            .post(
                Who::Editor,
                "revise_milestone",
                &borrowed(&with(&good, field, bad)),
            )
            .await;

        assert_eq!(invalid_fields(&outcome), [field], "{field} = {bad:?}");
        let (m, revisions) = read::milestone_history(world.db(), milestone)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(revisions.len(), 1, "{field} = {bad:?}");
        assert_eq!(m.forecast_date.to_string(), "2019-09-30");
    }

    // Recording the actual date without moving the forecast needs no reason.
    let reached = with(
        &with(
            &with(&good, "forecast_date", "2019-09-30"),
            "actual_date",
            "2019-10-04",
        ),
        "reason_fr",
        "",
    );
    world
        .post(Who::Editor, "revise_milestone", &borrowed(&reached))
        .await
        .unwrap();
    let m = &world.milestones().await[0];
    assert_eq!(
        m.actual_date.map(|d| d.to_string()),
        Some("2019-10-04".into())
    );
    assert_eq!(m.slippage_days(), 4);
}

fn indicator_form(world: &World, code: &str) -> Vec<(String, String)> {
    form(&[
        ("initiative_id", world.initiative.0.to_string().as_str()),
        ("code", code),
        ("name_fr", "Centres de traitement"),
        ("name_en", "Data-processing centres"),
        ("unit_fr", "centres"),
        ("unit_en", "centres"),
        ("direction", "down"),
        ("baseline_date", "2015-06-01"),
        ("baseline_value", "457"),
        ("target_date", "2023-03-31"),
        ("target_value", "2"),
    ])
}

#[tokio::test]
async fn only_editors_and_administrators_add_indicators() {
    let world = World::new().await;

    for who in EVERYONE {
        let before = world.indicators().await.len();
        let code = format!("DPC-{who:?}");
        let outcome = world
            .post(
                who,
                "add_indicator",
                &borrowed(&indicator_form(&world, &code)),
            )
            .await;

        assert_eq!(outcome, expected(who, &EDITORS), "{who:?}");
        let after = world.indicators().await;
        assert_eq!(
            after.iter().any(|i| i.code.as_str() == code),
            outcome.is_ok()
        );
        assert_eq!(
            after.len(),
            before + usize::from(outcome.is_ok()),
            "{who:?}"
        );
    }
}

#[tokio::test]
async fn a_bad_indicator_field_is_named_and_nothing_is_stored() {
    let world = World::new().await;
    let good = indicator_form(&world, "DPC");
    let long = "u".repeat(NAME_MAX + 1);
    let cases = [
        ("initiative_id", ""),
        ("initiative_id", "999999"),
        ("code", "a b"),
        ("name_fr", ""),
        ("name_en", " "),
        ("unit_fr", long.as_str()),
        ("unit_en", long.as_str()),
        ("direction", "sideways"),
        ("baseline_date", "juin 2015"),
        ("baseline_value", "beaucoup"),
        ("target_date", "2014-01-01"),
        ("target_value", ""),
    ];
    for (field, bad) in cases {
        let outcome = world
            .post(
                Who::Editor,
                "add_indicator",
                &borrowed(&with(&good, field, bad)),
            )
            .await;

        assert_eq!(invalid_fields(&outcome), [field], "{field} = {bad:?}");
        assert!(world.indicators().await.is_empty(), "{field} = {bad:?}");
    }

    // A code is unique within its initiative.
    world
        .post(Who::Editor, "add_indicator", &borrowed(&good))
        .await
        .unwrap();
    let again = world
        .post(Who::Editor, "add_indicator", &borrowed(&good))
        .await;
    assert_eq!(invalid_fields(&again), ["code"]);
    assert_eq!(world.indicators().await.len(), 1);
}

#[tokio::test]
async fn only_editors_and_administrators_record_indicator_values() {
    let world = World::new().await;
    world
        .post(
            Who::Editor,
            "add_indicator",
            &borrowed(&indicator_form(&world, "DPC")),
        )
        .await
        .unwrap();
    let indicator = world.indicators().await[0].id;

    for (n, who) in EVERYONE.into_iter().enumerate() {
        let before = read::indicator_values(world.db(), indicator)
            .await
            .unwrap()
            .len();
        let value = format!("{}", 400 - n);
        let fields = form(&[
            ("indicator_id", indicator.0.to_string().as_str()),
            ("measured_on", format!("2016-0{}-30", n + 1).as_str()),
            ("value", value.as_str()),
            ("note_fr", "Estimation"),
            ("note_en", "Estimate"),
        ]);
        let outcome = world
            .post(who, "record_indicator_value", &borrowed(&fields))
            .await;

        assert_eq!(outcome, expected(who, &EDITORS), "{who:?}");
        let after = read::indicator_values(world.db(), indicator).await.unwrap();
        assert_eq!(
            after.len(),
            before + usize::from(outcome.is_ok()),
            "{who:?}"
        );
        if outcome.is_ok() {
            let last = after.last().unwrap();
            assert_eq!(last.value.to_string(), value);
            assert_eq!(last.author, who.email().unwrap());
            assert_eq!(last.note.fr, "Estimation");
        }
    }
}

#[tokio::test]
async fn a_bad_indicator_value_is_named_and_nothing_is_stored() {
    let world = World::new().await;
    world
        .post(
            Who::Editor,
            "add_indicator",
            &borrowed(&indicator_form(&world, "DPC")),
        )
        .await
        .unwrap();
    let indicator = world.indicators().await[0].id;
    let good = form(&[
        ("indicator_id", indicator.0.to_string().as_str()),
        ("measured_on", "2016-06-30"),
        ("value", "380"),
        ("note_fr", ""),
        ("note_en", ""),
    ]);
    let long = "n".repeat(TEXT_MAX + 1);
    let cases = [
        ("indicator_id", "x"),
        ("indicator_id", "999999"),
        ("measured_on", "30 juin"),
        ("value", ""),
        ("value", "NaN"),
        ("note_fr", long.as_str()),
        ("note_en", long.as_str()),
    ];
    for (field, bad) in cases {
        let outcome = world
            .post(
                Who::Editor,
                "record_indicator_value",
                &borrowed(&with(&good, field, bad)),
            )
            .await;

        assert_eq!(invalid_fields(&outcome), [field], "{field} = {bad:?}");
        assert!(read::indicator_values(world.db(), indicator)
            .await
            .unwrap()
            .is_empty());
    }
}

fn account_form(email: &str, role: &str, password: &str) -> Vec<(String, String)> {
    form(&[
        ("email", email),
        ("name", "Ada Lovelace"),
        ("role", role),
        ("password", password),
    ])
}

async fn all_accounts(world: &World) -> Vec<Account> {
    accounts::accounts(world.db()).await.unwrap()
}

#[tokio::test]
async fn only_administrators_add_accounts() {
    let world = World::new().await;

    for who in EVERYONE {
        let before = all_accounts(&world).await.len();
        let email = format!("new-{who:?}@example.ca").to_lowercase();
        let outcome = world
            .post(
                who,
                "add_account",
                &borrowed(&account_form(&email, "editor", "a long enough password")),
            )
            .await;

        assert_eq!(outcome, expected(who, &ADMINISTRATORS), "{who:?}");
        let after = all_accounts(&world).await;
        assert_eq!(
            after.len(),
            before + usize::from(outcome.is_ok()),
            "{who:?}"
        );
        assert_eq!(
            after.iter().any(|a| a.email.as_str() == email),
            outcome.is_ok()
        );
    }

    // The new account signs in with the password it was given.
    world
        .sign_in_with("new-administrator@example.ca", "a long enough password")
        .await;
}

#[tokio::test]
async fn a_bad_account_field_is_named_and_the_password_never_comes_back() {
    let world = World::new().await;
    let good = account_form("ada@example.ca", "viewer", "a long enough password");
    let cases = [
        ("email", "ada"),
        ("email", "editor@example.ca"),
        ("name", ""),
        ("role", "owner"),
        ("password", ""),
        ("password", "too short"),
    ];
    for (field, bad) in cases {
        let outcome = world
            .post(
                Who::Administrator,
                "add_account",
                &borrowed(&with(&good, field, bad)),
            )
            .await;

        assert_eq!(invalid_fields(&outcome), [field], "{field} = {bad:?}");
        let echo = outcome.unwrap_err().echo().cloned().unwrap_or_default();
        assert_eq!(echo.get("password"), None);
        assert_eq!(
            echo.get("name"),
            Some(if field == "name" { bad } else { "Ada Lovelace" })
        );
        assert_eq!(all_accounts(&world).await.len(), 3, "{field} = {bad:?}");
    }
}

#[tokio::test]
async fn only_administrators_change_roles_and_disable_accounts() {
    let world = World::new().await;
    let change = form(&[
        ("email", "viewer@example.ca"),
        ("role", "editor"),
        ("disabled", "true"),
    ]);

    for who in EVERYONE {
        let outcome = world.post(who, "change_account", &borrowed(&change)).await;

        assert_eq!(outcome, expected(who, &ADMINISTRATORS), "{who:?}");
        let viewer = all_accounts(&world)
            .await
            .into_iter()
            .find(|a| a.email.as_str() == "viewer@example.ca")
            .unwrap();
        let changed = who == Who::Administrator;
        assert_eq!(viewer.role == Role::Editor, changed, "{who:?}");
        assert_eq!(viewer.disabled, changed, "{who:?}");
    }

    // A disabled account's session no longer opens the pages.
    let path = format!("/fr/initiatives/{}/milestones", world.initiative.0);
    let html = world.page(Who::Viewer, &path).await;
    assert!(html.contains("Connectez-vous pour continuer."), "{html}");
}

#[tokio::test]
async fn a_bad_account_change_is_named_and_nothing_changes() {
    let world = World::new().await;
    let good = form(&[
        ("email", "viewer@example.ca"),
        ("role", "editor"),
        ("disabled", "false"),
    ]);
    let cases = [("email", ""), ("role", "root"), ("disabled", "perhaps")];
    for (field, bad) in cases {
        let outcome = world
            .post(
                Who::Administrator,
                "change_account",
                &borrowed(&with(&good, field, bad)),
            )
            .await;

        assert_eq!(invalid_fields(&outcome), [field], "{field} = {bad:?}");
    }
    let unknown = world
        .post(
            Who::Administrator,
            "change_account",
            &borrowed(&with(&good, "email", "nobody@example.ca")),
        )
        .await;
    assert_eq!(unknown, Err(FormError::NotFound));
    let viewer = all_accounts(&world)
        .await
        .into_iter()
        .find(|a| a.email.as_str() == "viewer@example.ca")
        .unwrap();
    assert_eq!((viewer.role, viewer.disabled), (Role::Viewer, false));
}

fn organisation_form(code: &str) -> Vec<(String, String)> {
    form(&[
        ("code", code),
        ("name_fr", "Ministère de la Cybersécurité et du Numérique"),
        (
            "name_en",
            "Ministry of Cybersecurity and Digital Technology",
        ),
    ])
}

#[tokio::test]
async fn only_administrators_add_organisations() {
    let world = World::new().await;

    for who in EVERYONE {
        let before = read::organisations(world.db()).await.unwrap().len();
        let code = format!("ORG-{who:?}");
        let outcome = world
            .post(
                who,
                "add_organisation",
                &borrowed(&organisation_form(&code)),
            )
            .await;

        assert_eq!(outcome, expected(who, &ADMINISTRATORS), "{who:?}");
        let after = read::organisations(world.db()).await.unwrap();
        assert_eq!(
            after.len(),
            before + usize::from(outcome.is_ok()),
            "{who:?}"
        );
    }
}

#[tokio::test]
async fn a_bad_organisation_field_is_named_and_nothing_is_stored() {
    let world = World::new().await;
    let good = organisation_form("MCN");
    let cases = [
        ("code", ""),
        ("code", "M C N"),
        ("name_fr", ""),
        ("name_en", " "),
    ];
    for (field, bad) in cases {
        let outcome = world
            .post(
                Who::Administrator,
                "add_organisation",
                &borrowed(&with(&good, field, bad)),
            )
            .await;

        assert_eq!(invalid_fields(&outcome), [field], "{field} = {bad:?}");
        assert!(read::organisations(world.db()).await.unwrap().is_empty());
    }
    world
        .post(Who::Administrator, "add_organisation", &borrowed(&good))
        .await
        .unwrap();
    let again = world
        .post(Who::Administrator, "add_organisation", &borrowed(&good))
        .await;
    assert_eq!(invalid_fields(&again), ["code"]);
    assert_eq!(read::organisations(world.db()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_pages_render_for_their_readers_and_refuse_the_others() {
    let world = World::new().await;
    world
        .post(
            Who::Editor,
            "add_milestone",
            &borrowed(&milestone_form(&world, "Mise en service")),
        )
        .await
        .unwrap();
    world
        .post(
            Who::Editor,
            "add_indicator",
            &borrowed(&indicator_form(&world, "DPC")),
        )
        .await
        .unwrap();
    let id = world.initiative.0;

    // Readers see the lists; only writers see the forms.
    let viewer = world
        .page(Who::Viewer, &format!("/fr/initiatives/{id}/milestones"))
        .await;
    assert!(viewer.contains("Mise en service") && !viewer.contains("Ajouter le jalon"));
    let editor = world
        .page(Who::Editor, &format!("/en/initiatives/{id}/milestones"))
        .await;
    assert!(editor.contains("Add the milestone") && editor.contains("Original plan"));
    let editor = world
        .page(Who::Editor, &format!("/fr/initiatives/{id}/indicators"))
        .await;
    assert!(editor.contains("Ajouter l’indicateur") && editor.contains("À la baisse"));
    let milestone = world.milestones().await[0].id.0;
    let editor = world
        .page(
            Who::Editor,
            &format!("/fr/initiatives/{id}/milestones/{milestone}"),
        )
        .await;
    assert!(editor.contains("Enregistrer la révision") && editor.contains("Plan initial"));
    let indicator = world.indicators().await[0].id.0;
    let editor = world
        .page(
            Who::Editor,
            &format!("/en/initiatives/{id}/indicators/{indicator}"),
        )
        .await;
    assert!(editor.contains("Save the value") && editor.contains("No values recorded."));
    // The form pages are for writers.
    let viewer = world
        .page(
            Who::Viewer,
            &format!("/fr/initiatives/{id}/indicators/{indicator}"),
        )
        .await;
    assert!(viewer.contains("Votre rôle ne permet pas cette action."));

    // Administration: administrators only, and the header links to it.
    let admin = world.page(Who::Administrator, "/fr/admin/accounts").await;
    assert!(admin.contains("editor@example.ca") && admin.contains("Créer le compte"));
    let admin_id = all_accounts(&world)
        .await
        .into_iter()
        .find(|a| a.email.as_str() == "viewer@example.ca")
        .unwrap()
        .id;
    let admin = world
        .page(
            Who::Administrator,
            &format!("/en/admin/accounts/{admin_id}"),
        )
        .await;
    assert!(admin.contains("viewer@example.ca") && admin.contains("Role and access"));
    let admin = world
        .page(Who::Administrator, "/en/admin/organisations")
        .await;
    assert!(admin.contains("Add the organisation"));
    let editor = world.page(Who::Editor, "/fr/admin/accounts").await;
    assert!(editor.contains("Votre rôle ne permet pas cette action."));
    assert!(!editor.contains("viewer@example.ca"));
    let link = "href=\"/fr/admin/accounts\"";
    assert!(world
        .page(Who::Administrator, "/fr/initiatives")
        .await
        .contains(link));
    assert!(!world
        .page(Who::Editor, "/fr/initiatives")
        .await
        .contains(link));
    let anonymous = world
        .app
        .get("/en/admin/organisations")
        .await
        .text()
        .await
        .unwrap();
    assert!(anonymous.contains("Sign in to continue."));

    world.app.shut_down().await.unwrap();
}
