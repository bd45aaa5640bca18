//! The demo dataset: what a new user sees on the first run.
//!
//! [`load`] fills an empty database, in one transaction and through the
//! store's write API only (actor `"demo"`), with the facts of the documents
//! in `seeds/` and the public facts listed in `DEMO-DATA.md`, each dated
//! when it was reported, so that the charts show real history.
//!
//! Nothing invented is presented as fact. Where the demo must fill a gap it
//! does so by a fixed rule, and the text of the initiative, update, milestone
//! revision or indicator value says so ("détail illustratif" / "illustrative
//! detail"). The rules:
//!
//! - **Report dates.** A report dated by its month is dated on the month's
//!   last day: October 2017 → 2017-10-31, February 2019 → 2019-02-28. The
//!   undated report written after the June 2015 announcement is dated
//!   2016-06-30; the undated report of early 2020 (it speaks of December 2019
//!   as past and of February–June 2020 as ahead) is dated 2020-01-31.
//! - **Dates given as a month, a season or a year** (a plan, a past event, a
//!   measurement) take the last day of that period: June 2015 → 2015-06-30,
//!   fall 2019 → 2019-12-21, 2023 → 2023-12-31, the 2024–25 fiscal year →
//!   2025-03-31.
//! - **Which 16 of the 36 measures of the 2015 strategy were completed in
//!   October 2017** is not known: measures 21 to 36 are shown completed and
//!   measures 1 to 20 in progress, so that no measure whose title is known is
//!   shown completed without a source.
//! - **Measures 13 to 36** have unknown titles and areas: they sit directly
//!   under the strategy, titled "Mesure N (intitulé non connu ici)" /
//!   "Measure N (title not known here)".
//! - **Visibility.** Everything is published except the Government Cyber
//!   Defence Centre, kept internal to show that the public view hides it;
//!   the internal notes quote the restriction printed on the February 2019
//!   report.
//!
//! Health is on track unless the documents say otherwise; the at-risk
//! updates (Accès UniQc) carry the issues the documents give.

use crate::domain::*;
use crate::store::{write, Actor, Db, StoreError, Tx};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// The author of every record the demo writes.
pub const ACTOR: Actor<'static> = Actor {
    who: "demo",
    via: Via::Demo,
};

/// What [`load`] wrote, by kind of record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub organisations: usize,
    pub contacts: usize,
    pub themes: usize,
    pub initiatives: usize,
    pub status_updates: usize,
    pub milestones: usize,
    /// Every plan of every milestone, baselines included.
    pub milestone_revisions: usize,
    pub indicators: usize,
    pub indicator_values: usize,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} organisations, {} contacts, {} themes, {} initiatives, {} status updates, \
             {} milestones ({} revisions), {} indicators ({} values)",
            self.organisations,
            self.contacts,
            self.themes,
            self.initiatives,
            self.status_updates,
            self.milestones,
            self.milestone_revisions,
            self.indicators,
            self.indicator_values
        )
    }
}

/// Why the demo dataset was not loaded; nothing was written in any case.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The demo only fills an empty database: it never mixes with real data.
    #[error(
        "the database already holds {initiatives} initiative(s): \
         the demo dataset is loaded only into an empty database"
    )]
    NotEmpty { initiatives: i64 },
    /// A value of the dataset breaks a rule of the domain (a bug in this module).
    #[error("the demo dataset is invalid: {0}")]
    Dataset(#[from] FieldErrors),
    #[error("cannot load the demo dataset: {0}")]
    Store(#[from] StoreError),
}

impl From<FieldError> for DemoError {
    fn from(error: FieldError) -> Self {
        DemoError::Dataset(error.into())
    }
}

/// Fills an EMPTY database with the demo dataset, all or nothing. Refuses
/// with [`DemoError::NotEmpty`], writing nothing, when any initiative exists.
pub async fn load(db: &Db) -> Result<DemoSummary, DemoError> {
    let mut tx = db.begin().await?;
    // Inside the transaction: on SQLite it holds the write lock, so nobody
    // can add an initiative between this check and the commit. On
    // PostgreSQL two concurrent loads cannot both commit either: the second
    // one's organisation and root codes collide with the first's.
    let initiatives = initiative_count(&mut tx).await?;
    if initiatives > 0 {
        return Err(DemoError::NotEmpty { initiatives });
    }
    let mut loader = Loader {
        tx,
        summary: DemoSummary::default(),
        organisations: HashMap::new(),
    };
    loader.vocabulary().await?;
    let people = loader.people().await?;
    loader.strategy_2015(&people).await?;
    loader.strategy_2019().await?;
    loader.data_centres().await?;
    loader.authentication(&people).await?;
    loader.legislation(&people).await?;
    loader.cloud(&people).await?;
    loader.open_data(&people).await?;
    loader.project_dashboard().await?;
    loader.information_security().await?;
    let Loader { tx, summary, .. } = loader;
    tx.commit().await?;
    Ok(summary)
}

async fn initiative_count(tx: &mut Tx) -> Result<i64, StoreError> {
    const SQL: &str = "select count(*) from initiative";
    Ok(match tx {
        Tx::Sqlite(tx) => sqlx::query_scalar(SQL).fetch_one(&mut **tx).await?,
        Tx::Postgres(tx) => sqlx::query_scalar(SQL).fetch_one(&mut **tx).await?,
    })
}

// ---------------------------------------------------------------------------
// Dates and sources
// ---------------------------------------------------------------------------

const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid date in the demo dataset"),
    }
}

/// A date checked when the crate compiles.
macro_rules! date {
    ($y:literal - $m:literal - $d:literal) => {
        const { ymd($y, $m, $d) }
    };
}

/// The announcement of the 2015 strategy, "June 2015".
const JUNE_2015: NaiveDate = date!(2015 - 6 - 30);
/// The undated report written after June 2015 (illustrative date).
const R003: NaiveDate = date!(2016 - 6 - 30);
/// The report of October 2017.
const R000: NaiveDate = date!(2017 - 10 - 31);
/// The report of February 2019.
const R001: NaiveDate = date!(2019 - 2 - 28);
/// The undated report of early 2020 (illustrative date).
const R004: NaiveDate = date!(2020 - 1 - 31);

/// Where a fact comes from, in both languages.
type Source = (&'static str, &'static str);

const SRC_JUNE_2015: Source = (
    "Source : gabarit d'échange d'information du PSCIOC, non daté, postérieur à l'annonce de juin 2015. \
     Le jour de l'annonce n'est pas précisé : l'état est daté du 30 juin 2015 (détail illustratif).",
    "Source: PSCIOC information-sharing template, undated, written after the June 2015 announcement. \
     The day of the announcement is not given: the state is dated 30 June 2015 (illustrative detail).",
);
const SRC_003: Source = (
    "Source : gabarit d'échange d'information du PSCIOC, non daté, postérieur à l'annonce de juin 2015 \
     (il présente encore les modifications à la Loi comme des propositions). \
     La date du 30 juin 2016 est retenue pour la démo (détail illustratif).",
    "Source: PSCIOC information-sharing template, undated, written after the June 2015 announcement \
     (it still presents the amendments to the Act as proposals). \
     The date of 30 June 2016 is chosen for the demo (illustrative detail).",
);
const SRC_000: Source = (
    "Source : gabarit d'échange d'information du PSCIOC, octobre 2017 (daté ici du dernier jour du mois).",
    "Source: PSCIOC information-sharing template, October 2017 (dated here on the last day of the month).",
);
const SRC_001: Source = (
    "Source : gabarit d'échange d'information du PSCIOC, février 2019 (daté ici du dernier jour du mois).",
    "Source: PSCIOC information-sharing template, February 2019 (dated here on the last day of the month).",
);
const SRC_004: Source = (
    "Source : gabarit d'échange d'information du PSCIOC, début 2020, non daté (il parle de décembre 2019 \
     au passé et de février à juin 2020 au futur). La date du 31 janvier 2020 est retenue pour la démo \
     (détail illustratif).",
    "Source: PSCIOC information-sharing template, early 2020, undated (it speaks of December 2019 as past \
     and of February to June 2020 as ahead). The date of 31 January 2020 is chosen for the demo \
     (illustrative detail).",
);

/// The restriction printed on the February 2019 report: an internal note.
const NOTE_001: &str = "Le gabarit de février 2019 porte la mention : « ne pas diffuser sans l'approbation \
     du membre (auteur) ». / The February 2019 template says: \"not to be shared without the approval \
     of the member (author)\".";

fn t(fr: impl Into<String>, en: impl Into<String>) -> Bilingual {
    Bilingual::new(fr, en)
}

fn with_source(text: Bilingual, source: Source) -> Bilingual {
    t(
        format!("{} {}", text.fr, source.0),
        format!("{} {}", text.en, source.1),
    )
}

fn code(text: &str) -> Result<Code, FieldError> {
    Code::parse("code", text)
}

// ---------------------------------------------------------------------------
// What the loader writes
// ---------------------------------------------------------------------------

/// An initiative to create.
struct Item {
    kind: InitiativeKind,
    code: String,
    title: Bilingual,
    description: Bilingual,
    organisation: Option<&'static str>,
    contact: Option<ContactId>,
    start: Option<NaiveDate>,
    target: Option<NaiveDate>,
    themes: &'static [&'static str],
    visibility: Visibility,
    priority: bool,
}

fn item(
    kind: InitiativeKind,
    code: impl Into<String>,
    title: Bilingual,
    description: Bilingual,
) -> Item {
    Item {
        kind,
        code: code.into(),
        title,
        description,
        organisation: None,
        contact: None,
        start: None,
        target: None,
        themes: &[],
        visibility: Visibility::Published,
        priority: false,
    }
}

impl Item {
    fn owner(mut self, organisation: &'static str) -> Self {
        self.organisation = Some(organisation);
        self
    }

    fn contact(mut self, contact: ContactId) -> Self {
        self.contact = Some(contact);
        self
    }

    fn dates(mut self, start: Option<NaiveDate>, target: Option<NaiveDate>) -> Self {
        self.start = start;
        self.target = target;
        self
    }

    fn themes(mut self, themes: &'static [&'static str]) -> Self {
        self.themes = themes;
        self
    }

    fn internal(mut self) -> Self {
        self.visibility = Visibility::Internal;
        self
    }

    fn priority(mut self) -> Self {
        self.priority = true;
        self
    }
}

/// A status update to record.
struct Report {
    as_of: NaiveDate,
    status: Status,
    health: HealthReport,
    narrative: Narrative,
    budget: Budget,
    internal_note: Option<String>,
}

/// An on-track update whose accomplishments are `text` followed by its source.
fn report(as_of: NaiveDate, status: Status, text: Bilingual, source: Source) -> Report {
    Report {
        as_of,
        status,
        health: HealthReport::overall(Health::OnTrack),
        narrative: Narrative {
            accomplishments: with_source(text, source),
            ..Narrative::default()
        },
        budget: Budget::default(),
        internal_note: None,
    }
}

impl Report {
    fn next(mut self, next_steps: Bilingual) -> Self {
        self.narrative.next_steps = next_steps;
        self
    }

    /// Issues and needs, whatever the health.
    fn issues(mut self, issues: Bilingual) -> Self {
        self.narrative.issues = issues;
        self
    }

    fn health(mut self, health: HealthReport) -> Self {
        self.health = health;
        self
    }

    fn budget(mut self, budget: Budget) -> Self {
        self.budget = budget;
        self
    }

    fn note(mut self, note: &str) -> Self {
        self.internal_note = Some(note.to_owned());
        self
    }
}

/// Writes through the store's API, in one transaction, counting as it goes.
struct Loader {
    tx: Tx,
    summary: DemoSummary,
    organisations: HashMap<&'static str, OrganisationId>,
}

/// The contacts the documents name.
struct People {
    boivin: ContactId,
    lauzon: ContactId,
}

impl Loader {
    async fn organisation(
        &mut self,
        org_code: &'static str,
        name: Bilingual,
    ) -> Result<(), DemoError> {
        let created =
            write::create_organisation(&mut self.tx, ACTOR, &code(org_code)?, &name).await?;
        self.organisations.insert(org_code, created.id);
        self.summary.organisations += 1;
        Ok(())
    }

    fn organisation_id(&self, org_code: &str) -> Result<OrganisationId, DemoError> {
        self.organisations.get(org_code).copied().ok_or_else(|| {
            FieldError::new(
                "organisation_id",
                Problem::Unknown {
                    value: org_code.to_owned(),
                    expected: self.organisations.keys().map(|k| (*k).to_owned()).collect(),
                },
            )
            .into()
        })
    }

    async fn contact(
        &mut self,
        org_code: &str,
        name: &str,
        role: Bilingual,
    ) -> Result<ContactId, DemoError> {
        let org = self.organisation_id(org_code)?;
        let created =
            write::create_contact(&mut self.tx, ACTOR, Some(org), name, &role, None).await?;
        self.summary.contacts += 1;
        Ok(created.id)
    }

    async fn theme(&mut self, theme: &str, name: Bilingual) -> Result<(), DemoError> {
        write::save_theme(&mut self.tx, ACTOR, &code(theme)?, &name).await?;
        self.summary.themes += 1;
        Ok(())
    }

    async fn create(
        &mut self,
        parent: Option<InitiativeId>,
        item: Item,
    ) -> Result<InitiativeId, DemoError> {
        let organisation_id = item
            .organisation
            .map(|o| self.organisation_id(o))
            .transpose()?;
        let draft = InitiativeDraft {
            parent_id: parent,
            kind: item.kind,
            code: code(&item.code)?,
            title: item.title,
            description: item.description,
            organisation_id,
            contact_id: item.contact,
            dates: DateRange::new("target_date", item.start, item.target)?,
            weight: Weight::DEFAULT,
            themes: item
                .themes
                .iter()
                .map(|t| code(t))
                .collect::<Result<_, _>>()?,
            visibility: item.visibility,
            priority: item.priority,
        };
        let created = write::create_initiative(&mut self.tx, ACTOR, &draft).await?;
        self.summary.initiatives += 1;
        Ok(created.id)
    }

    async fn update(&mut self, id: InitiativeId, report: Report) -> Result<(), DemoError> {
        let draft = StatusUpdateDraft::new(
            id,
            report.as_of,
            report.status,
            report.health,
            None,
            report.budget,
            report.narrative,
            report.internal_note,
            None,
        )?;
        write::record_status_update(&mut self.tx, ACTOR, &draft).await?;
        self.summary.status_updates += 1;
        Ok(())
    }

    async fn milestone(
        &mut self,
        id: InitiativeId,
        title: Bilingual,
        baseline_date: NaiveDate,
        decided_on: NaiveDate,
    ) -> Result<MilestoneId, DemoError> {
        let draft = MilestoneDraft {
            initiative_id: id,
            title,
            baseline_date,
            decided_on,
        };
        let created = write::create_milestone(&mut self.tx, ACTOR, &draft).await?;
        self.summary.milestones += 1;
        self.summary.milestone_revisions += 1;
        Ok(created.id)
    }

    async fn revise(
        &mut self,
        milestone_id: MilestoneId,
        decided_on: NaiveDate,
        forecast_date: NaiveDate,
        actual_date: Option<NaiveDate>,
        reason: Bilingual,
    ) -> Result<(), DemoError> {
        let change = MilestoneChange {
            milestone_id,
            decided_on,
            forecast_date,
            actual_date,
            reason,
        };
        write::revise_milestone(&mut self.tx, ACTOR, &change).await?;
        self.summary.milestone_revisions += 1;
        Ok(())
    }

    /// A milestone reached on `actual`, recorded from a report of `reported_on`.
    async fn event(
        &mut self,
        id: InitiativeId,
        title: Bilingual,
        actual: NaiveDate,
        reported_on: NaiveDate,
        reason: Bilingual,
    ) -> Result<(), DemoError> {
        let milestone = self.milestone(id, title, actual, reported_on).await?;
        self.revise(milestone, reported_on, actual, Some(actual), reason)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn indicator(
        &mut self,
        id: InitiativeId,
        indicator_code: &str,
        name: Bilingual,
        unit: Bilingual,
        direction: Direction,
        baseline: Option<(NaiveDate, f64)>,
        target: Option<(NaiveDate, f64)>,
    ) -> Result<IndicatorId, DemoError> {
        let draft = IndicatorDraft {
            initiative_id: id,
            code: code(indicator_code)?,
            name,
            unit,
            direction,
            baseline,
            target,
        };
        let created = write::create_indicator(&mut self.tx, ACTOR, &draft).await?;
        self.summary.indicators += 1;
        Ok(created.id)
    }

    async fn value(
        &mut self,
        indicator_id: IndicatorId,
        measured_on: NaiveDate,
        value: f64,
        note: Bilingual,
    ) -> Result<(), DemoError> {
        let draft = IndicatorValueDraft {
            indicator_id,
            measured_on,
            value,
            note,
        };
        write::record_indicator_value(&mut self.tx, ACTOR, &draft).await?;
        self.summary.indicator_values += 1;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// The dataset
// ---------------------------------------------------------------------------

use InitiativeKind::{Area, Measure, Programme, Project, Strategy};
use Status::{Completed, InProgress, Planned};

const SCT: &str = "SCT";
const CQEN: &str = "CQEN";
const ITQ: &str = "ITQ";

impl Loader {
    /// Themes and organisations.
    async fn vocabulary(&mut self) -> Result<(), DemoError> {
        let themes = [
            (
                "digital_government",
                "Gouvernement numérique",
                "Digital government",
            ),
            ("cybersecurity", "Cybersécurité", "Cybersecurity"),
            ("talent", "Gestion des talents", "Talent management"),
            ("open_data", "Données ouvertes", "Open data"),
            ("digital_identity", "Identité numérique", "Digital identity"),
            ("governance", "Gouvernance", "Governance"),
            (
                "infrastructure",
                "Infrastructures technologiques",
                "Technology infrastructure",
            ),
        ];
        for (theme, fr, en) in themes {
            self.theme(theme, t(fr, en)).await?;
        }
        let organisations = [
            (SCT, "Secrétariat du Conseil du trésor", "Treasury Board Secretariat"),
            (CQEN, "Centre québécois d'excellence numérique", "Québec Centre for Digital Excellence"),
            ("CSPQ", "Centre de services partagés du Québec", "Québec Shared Services Centre"),
            (ITQ, "Infrastructures technologiques Québec", "Infrastructures technologiques Québec"),
            (
                "SAAQ",
                "Société de l'assurance automobile du Québec",
                "Société de l'assurance automobile du Québec (automobile insurance)",
            ),
            ("ARQ", "Agence du revenu du Québec", "Agence du revenu du Québec (Revenu Québec)"),
            (
                "RAMQ",
                "Régie de l'assurance maladie du Québec",
                "Régie de l'assurance maladie du Québec (health insurance)",
            ),
            (
                "MTESS",
                "Ministère du Travail, de l'Emploi et de la Solidarité sociale",
                "Ministère du Travail, de l'Emploi et de la Solidarité sociale (labour, employment and social solidarity)",
            ),
            ("RSSS", "Réseau de la santé et des services sociaux", "Health and social services network"),
        ];
        for (org, fr, en) in organisations {
            self.organisation(org, t(fr, en)).await?;
        }
        Ok(())
    }

    /// The contacts the 2015–2016 report names, with their roles.
    async fn people(&mut self) -> Result<People, DemoError> {
        let boivin = self
            .contact(
                SCT,
                "Benoit Boivin",
                t(
                    "Secrétaire associé auprès du dirigeant principal de l'information",
                    "Associate secretary to the chief information officer",
                ),
            )
            .await?;
        let lauzon = self
            .contact(
                SCT,
                "Bertrand Lauzon",
                t(
                    "Directeur général des orientations gouvernementales en ressources informationnelles",
                    "Director general, information resource governmental guidelines",
                ),
            )
            .await?;
        Ok(People { boivin, lauzon })
    }

    /// The 2015 government IT strategy: four areas, 36 measures.
    async fn strategy_2015(&mut self, people: &People) -> Result<(), DemoError> {
        let strategy = self
            .create(
                None,
                item(
                    Strategy,
                    "SGTI-2015",
                    t(
                        "Stratégie gouvernementale en TI : Rénover l'État par les technologies de l'information",
                        "Government IT strategy: Renewing the State through information technology",
                    ),
                    t(
                        "Stratégie annoncée en juin 2015 : 36 mesures en quatre axes d'intervention \
                         (1. revoir et renforcer la gouvernance ; 2. mieux gérer les talents ; 3. adopter \
                         les meilleures pratiques ; 4. rapprocher l'État des citoyens). À terme, elle doit \
                         contribuer à réduire les coûts du système public et à améliorer les services aux \
                         citoyens. Les intitulés des mesures 1 à 12 sont résumés d'après la page du wiki \
                         FACIL sur la consultation de juin 2015 ; ceux des mesures 13 à 36, et leur axe, ne \
                         sont pas connus ici : ces mesures sont donc rattachées directement à la stratégie. \
                         En octobre 2017, 16 mesures étaient réalisées et 20 en cours ; le rapport ne dit pas \
                         lesquelles : la répartition montrée (mesures 21 à 36 réalisées, 1 à 20 en cours) est \
                         un détail illustratif, choisi pour qu'aucune mesure dont l'intitulé est connu ne \
                         paraisse réalisée sans source.",
                        "Strategy announced in June 2015: 36 measures in four areas of intervention \
                         (1. review and strengthen governance; 2. manage talent more effectively; 3. adopt \
                         best practices; 4. narrow the gap between citizens and the State). Eventually it \
                         is to help reduce the costs of the public system and improve services to citizens. \
                         The titles of measures 1 to 12 are summarised from the FACIL wiki page on the June \
                         2015 consultation; those of measures 13 to 36, and their areas, are not known here, \
                         so these measures sit directly under the strategy. In October 2017, 16 measures \
                         were completed and 20 in progress; the report does not say which: the split shown \
                         (measures 21 to 36 completed, 1 to 20 in progress) is an illustrative detail, chosen \
                         so that no measure whose title is known appears completed without a source.",
                    ),
                )
                .owner(SCT)
                .contact(people.boivin)
                .dates(Some(JUNE_2015), None)
                .themes(&["digital_government", "governance", "talent"]),
            )
            .await?;
        self.update(
            strategy,
            report(
                JUNE_2015,
                Planned,
                t(
                    "Annonce de la stratégie : 36 mesures en quatre axes d'intervention.",
                    "The strategy is announced: 36 measures in four areas of intervention.",
                ),
                SRC_JUNE_2015,
            ),
        )
        .await?;
        self.update(
            strategy,
            report(
                R003,
                InProgress,
                t(
                    "Depuis l'annonce de juin 2015, les travaux de mise en œuvre des 36 mesures se \
                     poursuivent dans les quatre axes.",
                    "Since the June 2015 announcement, work has been ongoing to implement the 36 measures \
                     in the four areas.",
                ),
                SRC_003,
            )
            .next(t(
                "À court terme : nouveau cadre de gestion des investissements, nouveau cadre de gestion \
                 de projets, modification de la Loi et des règlements. À moyen et long terme : mise en \
                 œuvre des mesures prévues.",
                "In the short term: a new investment management framework, a new project management \
                 framework, amendment of the Act and its regulations. In the medium and long term: \
                 implementation of the planned measures.",
            ))
            .issues(t(
                "Besoin exprimé : partage et mise en commun des politiques des autres administrations \
                 sur l'approche numérique.",
                "Need stated: sharing and pooling of the other jurisdictions' policies on the digital \
                 approach.",
            )),
        )
        .await?;
        self.update(
            strategy,
            report(
                R000,
                InProgress,
                t(
                    "Octobre 2017 : des 36 mesures, 16 sont réalisées et 20 sont en cours. Entre autres : \
                     deuxième portrait de la main-d'œuvre en TI ; deuxième processus de qualification en \
                     TI (près de 5 000 candidatures) ; plus de 400 postes en TI attribués ; projet de loi \
                     sur la gouvernance des ressources informationnelles déposé en avril.",
                    "October 2017: of the 36 measures, 16 are completed and 20 are in progress. Among \
                     others: second overview of the IT workforce; second IT qualification process (nearly \
                     5,000 applications); more than 400 IT positions assigned; bill on the governance of \
                     information resources tabled in April.",
                ),
                SRC_000,
            )
            .issues(t(
                "Sujets d'intérêt : la main-d'œuvre en TI (conserver et transférer l'expertise, \
                 disposer d'assez de personnel) et les enjeux financiers des services partagés obligatoires.",
                "Topics of interest: the IT workforce (retaining and transferring expertise, having \
                 enough staff) and the financial issues of mandatory shared services.",
            )),
        )
        .await?;

        let areas = [
            (
                "Revoir et renforcer la gouvernance",
                "Review and strengthen governance",
                "Axe 1 de la stratégie : mesures 1 à 9.",
                "Area 1 of the strategy: measures 1 to 9.",
            ),
            (
                "Mieux gérer les talents",
                "Manage talent more effectively",
                "Axe 2 de la stratégie. Il commence par les mesures 10 à 12 ; ses autres mesures ne sont \
                 pas identifiées ici.",
                "Area 2 of the strategy. It begins with measures 10 to 12; its other measures are not \
                 identified here.",
            ),
            (
                "Adopter les meilleures pratiques",
                "Adopt best practices",
                "Axe 3 de la stratégie. Ses mesures ne sont pas identifiées ici (voir les mesures 13 à 36, \
                 rattachées directement à la stratégie).",
                "Area 3 of the strategy. Its measures are not identified here (see measures 13 to 36, \
                 placed directly under the strategy).",
            ),
            (
                "Rapprocher l'État des citoyens",
                "Narrow the gap between citizens and the State",
                "Axe 4 de la stratégie. Ses mesures ne sont pas identifiées ici (voir les mesures 13 à 36, \
                 rattachées directement à la stratégie).",
                "Area 4 of the strategy. Its measures are not identified here (see measures 13 to 36, \
                 placed directly under the strategy).",
            ),
        ];
        let mut area_ids = Vec::new();
        for (n, (title_fr, title_en, desc_fr, desc_en)) in (1..).zip(areas) {
            let themes: &'static [&'static str] = match n {
                1 => &["governance"],
                2 => &["talent"],
                _ => &[],
            };
            let id = self
                .create(
                    Some(strategy),
                    item(
                        Area,
                        format!("A{n}"),
                        t(
                            format!("Axe {n} : {title_fr}"),
                            format!("Area {n}: {title_en}"),
                        ),
                        t(desc_fr, desc_en),
                    )
                    .owner(SCT)
                    .themes(themes),
                )
                .await?;
            area_ids.push(id);
        }

        for n in 1..=36u32 {
            let known = MEASURES.iter().find(|m| m.number == n);
            let (parent, title, description, themes): (_, _, _, &'static [&'static str]) = match known {
                Some(m) => {
                    let area = if n <= 9 { 1 } else { 2 };
                    (
                        area_ids[area - 1],
                        t(m.fr, m.en),
                        t(
                            format!(
                                "Mesure {n} de la stratégie, axe {area}. Intitulé résumé d'après la page du \
                                 wiki FACIL sur la consultation de juin 2015 ; ce n'est pas forcément le \
                                 libellé officiel."
                            ),
                            format!(
                                "Measure {n} of the strategy, area {area}. Title summarised from the FACIL \
                                 wiki page on the June 2015 consultation; not necessarily the official \
                                 wording."
                            ),
                        ),
                        if area == 1 { &["governance"] } else { &["talent"] },
                    )
                }
                None => (
                    strategy,
                    t(
                        format!("Mesure {n} (intitulé non connu ici)"),
                        format!("Measure {n} (title not known here)"),
                    ),
                    t(
                        format!(
                            "Mesure {n} des 36 mesures de la stratégie. Son intitulé et son axe ne sont pas \
                             connus ici : elle est donc rattachée directement à la stratégie plutôt qu'à \
                             l'un de ses quatre axes."
                        ),
                        format!(
                            "Measure {n} of the strategy's 36. Its title and area are not known here, so it \
                             sits directly under the strategy rather than under one of its four areas."
                        ),
                    ),
                    &[],
                ),
            };
            let id = self
                .create(
                    Some(parent),
                    item(Measure, format!("M{n:02}"), title, description)
                        .owner(SCT)
                        .themes(themes),
                )
                .await?;
            self.update(
                id,
                report(
                    JUNE_2015,
                    Planned,
                    t(
                        "Mesure annoncée avec la stratégie en juin 2015, à mettre en œuvre.",
                        "Measure announced with the strategy in June 2015, to be implemented.",
                    ),
                    SRC_JUNE_2015,
                ),
            )
            .await?;
            let completed = n >= 21;
            let mut text = if completed {
                t(
                    "Octobre 2017 : 16 des 36 mesures sont réalisées et 20 sont en cours. Le rapport ne dit \
                     pas lesquelles : que cette mesure soit réalisée est un détail illustratif (règle de la \
                     démo : les mesures 21 à 36 sont montrées réalisées, les mesures 1 à 20 en cours).",
                    "October 2017: 16 of the 36 measures are completed and 20 are in progress. The report \
                     does not say which: that this measure is completed is an illustrative detail (the \
                     demo's rule: measures 21 to 36 are shown completed, measures 1 to 20 in progress).",
                )
            } else {
                t(
                    "Octobre 2017 : 16 des 36 mesures sont réalisées et 20 sont en cours. Le rapport ne dit \
                     pas lesquelles : que cette mesure soit en cours est un détail illustratif (règle de la \
                     démo : les mesures 21 à 36 sont montrées réalisées, les mesures 1 à 20 en cours).",
                    "October 2017: 16 of the 36 measures are completed and 20 are in progress. The report \
                     does not say which: that this measure is in progress is an illustrative detail (the \
                     demo's rule: measures 21 to 36 are shown completed, measures 1 to 20 in progress).",
                )
            };
            if let Some((fr, en)) = known.and_then(|m| m.october_2017) {
                text = t(
                    format!(
                        "{} Fait du rapport rattaché à cette mesure d'après son intitulé (rattachement \
                         illustratif) : {fr}",
                        text.fr
                    ),
                    format!(
                        "{} A fact of the report linked to this measure by its title (illustrative link): \
                         {en}",
                        text.en
                    ),
                );
            }
            let status = if completed { Completed } else { InProgress };
            self.update(id, report(R000, status, text, SRC_000)).await?;
            if n == 10 {
                self.workforce(id).await?;
            }
        }
        Ok(())
    }

    /// The IT workforce of 2015 and 2016 (the second overview, October 2017).
    async fn workforce(&mut self, measure: InitiativeId) -> Result<(), DemoError> {
        let (y2015, y2016) = (date!(2015 - 12 - 31), date!(2016 - 12 - 31));
        let unit = || t("personnes", "people");
        let year_only = (
            "Le rapport donne l'année seulement : valeur datée du 31 décembre (détail illustratif). \
             Source : deuxième portrait de la main-d'œuvre en TI, gabarit du PSCIOC d'octobre 2017.",
            "The report gives the year only: value dated 31 December (illustrative detail). Source: \
             second overview of the IT workforce, PSCIOC template of October 2017.",
        );
        let note = |fr: &str, en: &str| {
            t(
                format!("{fr} {}", year_only.0),
                format!("{en} {}", year_only.1),
            )
        };
        let internal = self
            .indicator(
                measure,
                "it_workforce_internal",
                t("Main-d'œuvre en TI interne", "Internal IT workforce"),
                unit(),
                Direction::Up,
                Some((y2015, 5889.0)),
                None,
            )
            .await?;
        self.value(
            internal,
            y2015,
            5889.0,
            note(
                "2015 : 5 889 personnes (66 % d'un total de 8 865).",
                "2015: 5,889 people (66% of a total of 8,865).",
            ),
        )
        .await?;
        self.value(
            internal,
            y2016,
            5973.0,
            note(
                "2016 : 5 973 personnes (71 % d'un total de 8 361).",
                "2016: 5,973 people (71% of a total of 8,361).",
            ),
        )
        .await?;
        let external = self
            .indicator(
                measure,
                "it_workforce_external",
                t("Main-d'œuvre en TI externe", "External IT workforce"),
                unit(),
                Direction::Down,
                Some((y2015, 2976.0)),
                None,
            )
            .await?;
        self.value(
            external,
            y2015,
            2976.0,
            note(
                "2015 : 2 976 personnes (34 % d'un total de 8 865).",
                "2015: 2,976 people (34% of a total of 8,865).",
            ),
        )
        .await?;
        self.value(
            external,
            y2016,
            2388.0,
            note(
                "2016 : 2 388 personnes (29 % d'un total de 8 361).",
                "2016: 2,388 people (29% of a total of 8,361).",
            ),
        )
        .await?;
        Ok(())
    }

    /// The 2019–2023 government digital transformation strategy.
    async fn strategy_2019(&mut self) -> Result<(), DemoError> {
        let unveiled = date!(2019 - 6 - 3);
        let strategy = self
            .create(
                None,
                item(
                    Strategy,
                    "STNG-2019-2023",
                    t(
                        "Stratégie de transformation numérique gouvernementale 2019-2023",
                        "Government Digital Transformation Strategy 2019–2023",
                    ),
                    t(
                        "Dévoilée le 3 juin 2019, elle vise des services publics plus intuitifs et plus \
                         faciles à utiliser pour les citoyens, et une administration plus efficace. La date \
                         de fin, le 31 décembre 2023, représente l'année 2023 de son intitulé (détail \
                         illustratif). Ses mesures ci-dessous sont celles que rapporte le gabarit du début \
                         de 2020.",
                        "Unveiled on 3 June 2019, it aims to provide public services that are more \
                         intuitive and easier to use for the public, and a more efficient government. The \
                         end date, 31 December 2023, stands for the year 2023 of its title (illustrative \
                         detail). Its measures below are those the early-2020 template reports.",
                    ),
                )
                .owner(SCT)
                .dates(Some(unveiled), Some(date!(2023 - 12 - 31)))
                .themes(&["digital_government"]),
            )
            .await?;
        self.update(
            strategy,
            report(
                unveiled,
                InProgress,
                t(
                    "Le gouvernement du Québec dévoile sa Stratégie de transformation numérique \
                     gouvernementale 2019-2023.",
                    "The Government of Quebec unveils its 2019–2023 Government Digital Transformation \
                     Strategy.",
                ),
                (
                    "Source : gabarit d'échange d'information du PSCIOC, début 2020, qui donne la date du \
                     dévoilement.",
                    "Source: PSCIOC information-sharing template, early 2020, which gives the date it was \
                     unveiled.",
                ),
            ),
        )
        .await?;
        self.update(
            strategy,
            report(
                R004,
                InProgress,
                t(
                    "Plusieurs actions sont déjà mises en œuvre, à l'échelle du gouvernement ou propres à \
                     chaque organisation : création du CQEN au sein du SCT ; plans de transformation \
                     numérique des ministères et grands organismes ; nouvelle plateforme gouvernementale \
                     de consultation publique ; formations de l'Académie de la transformation numérique. \
                     La Loi favorisant la transformation numérique de l'administration publique a été \
                     sanctionnée le 10 octobre 2019.",
                    "Several actions have already been implemented, government-wide or specific to each \
                     organisation: creation of the CQEN within the SCT; digital transformation plans of \
                     departments and large agencies; new government public consultation platform; \
                     training by the Académie de la transformation numérique. The Act to facilitate the \
                     public administration's digital transformation was assented to on 10 October 2019.",
                ),
                SRC_004,
            )
            .next(t(
                "Une première version du plan d'action numérique du gouvernement et de la feuille de \
                 route citoyenne, issue de l'analyse des plans consolidés.",
                "A first version of the government's digital action plan and of the citizen roadmap, \
                 from the analysis of the consolidated plans.",
            )),
        )
        .await?;

        let cqen = self
            .create(
                Some(strategy),
                item(
                    Measure,
                    "CQEN",
                    t(
                        "Créer le Centre québécois d'excellence numérique (CQEN)",
                        "Create the Québec Centre for Digital Excellence (CQEN)",
                    ),
                    t(
                        "Entité du Secrétariat du Conseil du trésor vouée exclusivement à la transformation \
                         numérique gouvernementale : accélérer et faciliter le déploiement des actions \
                         prioritaires et organiser le partage d'expertise entre le gouvernement et \
                         l'écosystème numérique. L'un des outils mis en place pour réaliser les ambitions \
                         de la Stratégie.",
                        "An entity of the Treasury Board Secretariat dedicated exclusively to government \
                         digital transformation: accelerating and facilitating the deployment of priority \
                         actions and organising the sharing of expertise between government and the \
                         digital ecosystem. One of the tools put in place to achieve the ambitions of the \
                         Strategy.",
                    ),
                )
                .owner(CQEN)
                .themes(&["digital_government"]),
            )
            .await?;
        self.update(
            cqen,
            report(
                R004,
                Completed,
                t(
                    "Le CQEN a été créé en juin 2019. Son rôle : mettre en commun les idées innovantes par \
                     le partage et la collaboration ; développer une culture et des compétences numériques ; \
                     faciliter la mobilité des données et l'intégration entre les systèmes du gouvernement ; \
                     promouvoir les composants communs ; incarner des valeurs et des pratiques numériques \
                     exemplaires ; créer de la valeur par des méthodes et des solutions innovantes.",
                    "The CQEN was created in June 2019. Its role: pool innovative ideas through sharing and \
                     collaboration; develop a digital culture and skills; facilitate data mobility and \
                     integration between government systems; promote common components; demonstrate \
                     exemplary digital values and practices; create value through innovative methods and \
                     solutions.",
                ),
                SRC_004,
            ),
        )
        .await?;
        self.event(
            cqen,
            t("Création du CQEN", "The CQEN is created"),
            date!(2019 - 6 - 30),
            R004,
            t(
                "Créé en juin 2019, rapporté au début de 2020 ; jour non précisé : daté du 30 juin 2019 \
                 (détail illustratif).",
                "Created in June 2019, reported in early 2020; day not given: dated 30 June 2019 \
                 (illustrative detail).",
            ),
        )
        .await?;
        let plans = self
            .create(
                Some(strategy),
                item(
                    Measure,
                    "PLANS-TN",
                    t(
                        "Plans de transformation numérique des ministères et grands organismes",
                        "Digital transformation plans of departments and large agencies",
                    ),
                    t(
                        "Chaque ministère et grand organisme produit son plan de transformation numérique ; \
                         leur analyse consolidée donnera le plan d'action numérique du gouvernement.",
                        "Each department and large agency produces its digital transformation plan; their \
                         consolidated analysis will give the government's digital action plan.",
                    ),
                )
                .owner(SCT)
                .themes(&["digital_government"]),
            )
            .await?;
        self.update(
            plans,
            report(
                R004,
                InProgress,
                t(
                    "Les plans ont été élaborés ; l'analyse des plans consolidés est en cours.",
                    "The plans have been developed; the analysis of the consolidated plans is underway.",
                ),
                SRC_004,
            )
            .next(t(
                "Première version du plan d'action numérique du gouvernement et de la feuille de route \
                 citoyenne.",
                "First version of the government's digital action plan and of the citizen roadmap.",
            )),
        )
        .await?;
        let consultation = self
            .create(
                Some(strategy),
                item(
                    Measure,
                    "CONSULTATION",
                    t(
                        "Plateforme gouvernementale de consultation publique",
                        "Government public consultation platform",
                    ),
                    t(
                        "Une des mesures clés de la Stratégie : une plateforme qui accueillera toutes les \
                         consultations publiques du gouvernement du Québec.",
                        "One of the key measures of the Strategy: a platform to host all of the Government \
                         of Quebec's public consultations.",
                    ),
                )
                .owner(SCT)
                .themes(&["digital_government"]),
            )
            .await?;
        self.update(
            consultation,
            report(
                R004,
                Completed,
                t(
                    "La nouvelle plateforme gouvernementale de consultation publique est mise en œuvre.",
                    "The new government public consultation platform has been implemented.",
                ),
                SRC_004,
            ),
        )
        .await?;
        let academy = self
            .create(
                Some(strategy),
                item(
                    Measure,
                    "ACADEMIE",
                    t(
                        "Formations de l'Académie de la transformation numérique",
                        "Training by the Académie de la transformation numérique",
                    ),
                    t(
                        "Des formations distinctives et adaptées aux besoins de transformation numérique des \
                         organisations. En février 2019, les travaux pour créer l'Académie en collaboration \
                         avec l'Université Laval se poursuivaient (gabarit de février 2019).",
                        "Distinctive, tailored training to meet the digital transformation needs of \
                         organisations. In February 2019, work to create the Académie with Université Laval \
                         was continuing (February 2019 template).",
                    ),
                )
                .owner(SCT)
                .themes(&["digital_government", "talent"]),
            )
            .await?;
        self.update(
            academy,
            report(
                R004,
                InProgress,
                t(
                    "Déploiement de formations pour aider les organisations à relever les défis de \
                     l'afflux numérique massif.",
                    "Training is being deployed to help organisations meet the challenges of the massive \
                     digital influx.",
                ),
                SRC_004,
            ),
        )
        .await?;
        Ok(())
    }

    /// The consolidation of data-processing centres, re-planned in 2020.
    async fn data_centres(&mut self) -> Result<(), DemoError> {
        let end_2023 = date!(2023 - 12 - 31);
        let end_2025 = date!(2025 - 12 - 31);
        let decree = date!(2020 - 6 - 10);
        let programme = self
            .create(
                None,
                item(
                    Programme,
                    "CTI",
                    t(
                        "Consolidation des centres de traitement informatique et optimisation du traitement \
                         et du stockage",
                        "Consolidation of data-processing centres and optimisation of processing and storage",
                    ),
                    t(
                        "Réduire le nombre de centres de traitement informatique du gouvernement du Québec \
                         de plus d'une centaine à trois ; concentrer l'expertise ; réduire les coûts totaux ; \
                         favoriser les offres qualifiées de fournisseurs infonuagiques, pour une cible \
                         d'environ 80 %. Fin prévue en 2023 (février 2019), reportée au 31 décembre 2025 \
                         par le décret 596-2020 du 10 juin 2020, qui étend le programme à la santé et à \
                         l'éducation (page du programme d'Infrastructures technologiques Québec). La fin \
                         « en 2023 » est datée du 31 décembre 2023 et les cibles des indicateurs de la fin \
                         actuelle du programme, le 31 décembre 2025 (détails illustratifs).",
                        "Reduce the number of Government of Quebec data-processing centres from more than a \
                         hundred to three; concentrate expertise; reduce total costs; promote qualified \
                         offers from cloud suppliers, for a target of about 80%. End planned in 2023 \
                         (February 2019), moved to 31 December 2025 by decree 596-2020 of 10 June 2020, \
                         which extends the programme to health and education (programme page of \
                         Infrastructures technologiques Québec). The end \"in 2023\" is dated 31 December \
                         2023 and the indicators' targets at the programme's current end, 31 December 2025 \
                         (illustrative details).",
                    ),
                )
                .owner(ITQ)
                .dates(None, Some(end_2025))
                .themes(&["infrastructure"])
                .priority(),
            )
            .await?;
        self.update(
            programme,
            report(
                R000,
                InProgress,
                t(
                    "Dans le volet de l'optimisation des services partagés, les travaux de consolidation \
                     des centres de traitement ont commencé.",
                    "In the section on optimising shared services, work to consolidate processing centres \
                     has begun.",
                ),
                SRC_000,
            ),
        )
        .await?;
        self.update(
            programme,
            report(
                R001,
                InProgress,
                t(
                    "Projet structurant : réduire le nombre de centres de traitement de plus d'une centaine \
                     à trois, concentrer l'expertise, réduire les coûts totaux, viser environ 80 % de \
                     traitement sur des offres infonuagiques qualifiées ; fin prévue en 2023.",
                    "Structural project: reduce the number of processing centres from more than a hundred \
                     to three, concentrate expertise, reduce total costs, aim for about 80% of processing \
                     on qualified cloud offers; to be completed in 2023.",
                ),
                SRC_001,
            )
            .note(NOTE_001),
        )
        .await?;
        self.update(
            programme,
            report(
                R004,
                InProgress,
                t(
                    "Le programme est jugé nécessaire pour une société numérique innovante, une saine \
                     gestion budgétaire, des services de qualité et la protection de l'information. Une \
                     analyse conjointe de l'organisme qui détient des renseignements personnels et du \
                     Centre de services partagés du Québec est obligatoire pour choisir les moyens de \
                     traitement et de stockage et les mesures de sécurité.",
                    "The programme is deemed needed for an innovative digital society, sound budget \
                     management, quality services and the protection of information. A joint analysis by \
                     the body holding personal information and the Quebec Shared Services Centre is \
                     required to choose the means of processing and storage and the security measures.",
                ),
                SRC_004,
            )
            .next(t(
                "Au cours de la prochaine année, les organismes publics commenceront leur migration vers \
                 l'infonuagique.",
                "Over the next year, public bodies will begin their migration to cloud computing.",
            )),
        )
        .await?;
        self.update(
            programme,
            report(
                decree,
                InProgress,
                t(
                    "Le décret 596-2020 étend le programme aux réseaux de la santé et de l'éducation et \
                     reporte sa fin au 31 décembre 2025.",
                    "Decree 596-2020 extends the programme to the health and education networks and moves \
                     its end to 31 December 2025.",
                ),
                (
                    "Source : page du programme d'Infrastructures technologiques Québec.",
                    "Source: programme page of Infrastructures technologiques Québec.",
                ),
            ),
        )
        .await?;

        let phase_1 = self
            .create(
                Some(programme),
                item(
                    Project,
                    "PHASE-1",
                    t(
                        "Phase 1 : 120 centres regroupés principalement sur 2 sites",
                        "Phase 1: 120 centres brought mainly onto 2 sites",
                    ),
                    t(
                        "Annoncée par le communiqué du gouvernement du 4 février 2019 : 120 centres à \
                         regrouper principalement sur 2 sites en 3 ans, pour au plus 150 M$.",
                        "Announced in the government press release of 4 February 2019: 120 centres to be \
                         brought mainly onto 2 sites over 3 years, for at most $150M.",
                    ),
                )
                .owner(ITQ)
                .themes(&["infrastructure"]),
            )
            .await?;
        self.update(
            phase_1,
            report(
                date!(2019 - 2 - 4),
                Planned,
                t(
                    "La phase 1 vise 120 centres, à regrouper principalement sur 2 sites en 3 ans. Le \
                     budget approuvé indiqué est le plafond annoncé : au plus 150 M$.",
                    "Phase 1 covers 120 centres, to be brought mainly onto 2 sites over 3 years. The \
                     approved budget shown is the announced ceiling: at most $150M.",
                ),
                (
                    "Source : communiqué du gouvernement du 4 février 2019.",
                    "Source: government press release of 4 February 2019.",
                ),
            )
            .budget(Budget {
                approved: Some(Money(150_000_000 * 100)),
                ..Budget::default()
            }),
        )
        .await?;

        let done = self
            .milestone(
                programme,
                t("Consolidation terminée", "Consolidation complete"),
                end_2023,
                R001,
            )
            .await?;
        self.revise(
            done,
            decree,
            end_2025,
            None,
            t(
                "Décret 596-2020 du 10 juin 2020 : le programme est étendu aux réseaux de la santé et de \
                 l'éducation et sa fin est reportée au 31 décembre 2025 (source : page du programme \
                 d'Infrastructures technologiques Québec).",
                "Decree 596-2020 of 10 June 2020: the programme is extended to the health and education \
                 networks and its end moved to 31 December 2025 (source: programme page of \
                 Infrastructures technologiques Québec).",
            ),
        )
        .await?;

        let study_2014 = date!(2014 - 12 - 31);
        let centres = self
            .indicator(
                programme,
                "centres",
                t(
                    "Nombre de centres de traitement informatique",
                    "Number of data-processing centres",
                ),
                t("centres", "centres"),
                Direction::Down,
                Some((study_2014, 457.0)),
                Some((end_2025, 3.0)),
            )
            .await?;
        self.value(
            centres,
            study_2014,
            457.0,
            t(
                "Une étude de 2014 dénombrait 457 centres (Journal de Québec, 17 décembre 2017). L'étude \
                 est datée de l'année seulement : valeur datée du 31 décembre 2014 (détail illustratif).",
                "A 2014 study counted 457 centres (Journal de Québec, 17 December 2017). The study is \
                 dated by its year only: value dated 31 December 2014 (illustrative detail).",
            ),
        )
        .await?;
        self.value(
            centres,
            date!(2019 - 2 - 4),
            120.0,
            t(
                "Centres visés par la phase 1 (communiqué du 4 février 2019) : c'est le périmètre de la \
                 phase 1, pas un nouveau décompte de tous les centres.",
                "Centres covered by phase 1 (press release of 4 February 2019): this is the scope of \
                 phase 1, not a new count of all centres.",
            ),
        )
        .await?;
        self.indicator(
            programme,
            "cloud_share",
            t(
                "Part du traitement sur des offres infonuagiques qualifiées",
                "Share of processing on qualified cloud offers",
            ),
            t("%", "%"),
            Direction::Up,
            None,
            Some((end_2025, 80.0)),
        )
        .await?;
        Ok(())
    }

    /// Accès UniQc, then the government authentication service (SAG).
    async fn authentication(&mut self, people: &People) -> Result<(), DemoError> {
        let sag_live = date!(2023 - 2 - 20);
        let press_2024 = date!(2024 - 5 - 7);
        let june_2024 = date!(2024 - 6 - 30);
        let programme = self
            .create(
                None,
                item(
                    Programme,
                    "AUTH-GOUV",
                    t(
                        "Authentification gouvernementale unique : Accès UniQc, puis le service \
                         d'authentification gouvernementale (SAG)",
                        "Single government authentication: Accès UniQc, then the government \
                         authentication service (SAG)",
                    ),
                    t(
                        "Une solution unique d'accès et de vérification de l'identité pour toutes les \
                         solutions numériques du gouvernement du Québec ; des ajustements légaux sont \
                         nécessaires pour l'échange d'information. Son successeur, le SAG, est en service \
                         depuis le 20 février 2023 avec la SAAQ. Dates : une saison ou un mois sans jour \
                         est daté de son dernier jour (automne 2019 : 21 décembre 2019 ; juin 2022 : \
                         30 juin 2022 ; 2028 : 31 décembre 2028 ; exercice 2024-2025 : 31 mars 2025) ; la \
                         base de référence du déploiement complet (juin 2022) est datée du premier rapport \
                         de ce plan, février 2019 ; le point de départ de l'indicateur d'utilisateurs \
                         (0 à la mise en service) est déduit, non rapporté (détails illustratifs).",
                        "A single access and identity verification solution for all Government of Quebec \
                         digital solutions; legal adjustments are needed for information sharing. Its \
                         successor, the SAG, has been live since 20 February 2023 with the SAAQ. Dates: a \
                         season or a month without a day is dated on its last day (fall 2019: 21 December \
                         2019; June 2022: 30 June 2022; 2028: 31 December 2028; fiscal year 2024–25: \
                         31 March 2025); the baseline of full deployment (June 2022) is dated from the \
                         first report of this plan, February 2019; the starting point of the users \
                         indicator (0 when the service went live) is derived, not reported (illustrative \
                         details).",
                    ),
                )
                .owner(SCT)
                .contact(people.lauzon)
                .dates(None, Some(date!(2028 - 12 - 31)))
                .themes(&["digital_identity", "digital_government"])
                .priority(),
            )
            .await?;
        self.update(
            programme,
            report(
                R003,
                InProgress,
                t(
                    "Vers une solution gouvernementale unique d'authentification : les travaux ont commencé \
                     dans l'ensemble du gouvernement.",
                    "Towards a single government authentication solution: work has started throughout the \
                     government.",
                ),
                SRC_003,
            )
            .issues(t(
                "Besoin exprimé : partage et mise en commun des politiques des autres administrations \
                 canadiennes sur les services d'authentification.",
                "Need stated: sharing and pooling of other Canadian jurisdictions' policies on \
                 authentication services.",
            )),
        )
        .await?;
        self.update(
            programme,
            report(
                R000,
                InProgress,
                t(
                    "Des travaux sont en cours pour améliorer l'accès aux services numériques : service \
                     gouvernemental d'authentification unique et service québécois d'identité et \
                     d'adresse.",
                    "Work is underway to improve access to digital services: single government \
                     authentication service and Quebec identity and address service.",
                ),
                SRC_000,
            ),
        )
        .await?;
        self.update(
            programme,
            report(
                R001,
                InProgress,
                t(
                    "Le projet prévoit le déploiement d'une solution unique d'accès et de vérification de \
                     l'identité pour toutes les solutions numériques du gouvernement.",
                    "The project provides for the deployment of a single access and identity verification \
                     solution for all Government of Quebec digital solutions.",
                ),
                SRC_001,
            )
            .next(t(
                "Lancement prévu de l'automne 2019 à l'hiver 2022.",
                "Launch planned from the fall of 2019 to the winter of 2022.",
            ))
            .issues(t(
                "Des ajustements légaux seront nécessaires pour l'échange d'information.",
                "Legal adjustments will be needed for information sharing.",
            ))
            .note(NOTE_001),
        )
        .await?;
        self.update(
            programme,
            report(
                R004,
                InProgress,
                t(
                    "En septembre 2019, le ministre responsable de la Transformation numérique \
                     gouvernementale, Éric Caire, a mandaté le SCT pour mettre à jour le dossier d'affaires \
                     d'Accès UniQc : services en ligne plus accessibles, gestion plus efficace de \
                     l'identité, de l'adresse et des coordonnées, risque de fraude d'identité réduit, \
                     identité numérique fiable pour tous. Un appel d'intérêt a été lancé à l'automne 2019. \
                     Le CQEN, avec l'ARQ, la RAMQ et le MTESS, revoit l'approche.",
                    "In September 2019, Éric Caire, Minister Responsible for the Government Digital \
                     Transformation, mandated the SCT to update the business case for Accès UniQc: more \
                     accessible online services, more efficient management of identity, address and \
                     contact information, reduced risk of identity fraud, a reliable digital identity for \
                     all citizens. A call for interest was issued in the fall of 2019. The CQEN, with the \
                     ARQ, the RAMQ and the MTESS, is reviewing the approach.",
                ),
                SRC_004,
            )
            .next(t(
                "Un nouveau dossier d'affaires sera présenté entre février et juin 2020 ; une approche \
                 d'approbation graduelle a été retenue.",
                "A new business case will be submitted between February and June 2020; a gradual approval \
                 approach was selected.",
            ))
            .issues(t(
                "Le dossier d'affaires doit être mis à jour et l'approche est revue ; de récents \
                 incidents de sécurité ont entraîné une révision des pratiques de gestion de l'identité. \
                 Le rapport ne donne pas de nouvelle date de lancement.",
                "The business case must be updated and the approach is being reviewed; recent security \
                 incidents have prompted a review of identity management practices. The report gives no \
                 new launch date.",
            ))
            .health(HealthReport {
                overall: Health::AtRisk,
                schedule: Some(Health::AtRisk),
                cost: None,
                scope: None,
            }),
        )
        .await?;
        let late = HealthReport {
            overall: Health::AtRisk,
            schedule: Some(Health::OffTrack),
            cost: None,
            scope: None,
        };
        self.update(
            programme,
            report(
                sag_live,
                InProgress,
                t(
                    "Le successeur d'Accès UniQc, le service d'authentification gouvernementale (SAG), \
                     entre en service avec la SAAQ.",
                    "Accès UniQc's successor, the government authentication service (SAG), goes live with \
                     the SAAQ.",
                ),
                (
                    "Source : Journal de Montréal, 7 mai 2024 ; Protégez-vous.",
                    "Source: Journal de Montréal, 7 May 2024; Protégez-vous.",
                ),
            )
            .issues(t(
                "Mise en service en février 2023, alors que le plan de février 2019 prévoyait le lancement \
                 de l'automne 2019 à l'hiver 2022 et que le déploiement complet était initialement prévu \
                 pour juin 2022.",
                "Live in February 2023, whereas the February 2019 plan had the launch from the fall of \
                 2019 to the winter of 2022 and full deployment was originally due by June 2022.",
            ))
            .health(late),
        )
        .await?;
        self.update(
            programme,
            report(
                june_2024,
                InProgress,
                t(
                    "Environ 1,4 million d'utilisateurs en juin 2024. Le mois est donné sans jour : état \
                     daté du 30 juin 2024 (détail illustratif).",
                    "About 1.4 million users in June 2024. The month is given without a day: state dated \
                     30 June 2024 (illustrative detail).",
                ),
                (
                    "Source : Journal de Montréal, 7 mai 2024 ; Protégez-vous.",
                    "Source: Journal de Montréal, 7 May 2024; Protégez-vous.",
                ),
            )
            .next(t(
                "Déploiement complet désormais attendu en 2028.",
                "Full deployment now expected in 2028.",
            ))
            .issues(t(
                "Environ 1,4 million d'utilisateurs contre une cible de 3,3 millions pour 2024-2025 ; \
                 déploiement complet attendu en 2028 alors qu'il était initialement prévu pour juin 2022.",
                "About 1.4 million users against a 2024–25 target of 3.3 million; full deployment \
                 expected in 2028 whereas it was originally due by June 2022.",
            ))
            .health(late),
        )
        .await?;

        let launch = self
            .milestone(
                programme,
                t(
                    "Lancement d'Accès UniQc (prévu de l'automne 2019 à l'hiver 2022)",
                    "Launch of Accès UniQc (planned from fall 2019 to winter 2022)",
                ),
                date!(2019 - 12 - 21),
                R001,
            )
            .await?;
        self.revise(
            launch,
            press_2024,
            sag_live,
            Some(sag_live),
            t(
                "Le successeur d'Accès UniQc, le service d'authentification gouvernementale (SAG), est en \
                 service depuis le 20 février 2023 avec la SAAQ (Journal de Montréal, 7 mai 2024).",
                "Accès UniQc's successor, the government authentication service (SAG), has been live \
                 since 20 February 2023 with the SAAQ (Journal de Montréal, 7 May 2024).",
            ),
        )
        .await?;
        let full = self
            .milestone(
                programme,
                t("Déploiement complet", "Full deployment"),
                date!(2022 - 6 - 30),
                R001,
            )
            .await?;
        self.revise(
            full,
            press_2024,
            date!(2028 - 12 - 31),
            None,
            t(
                "Déploiement complet désormais attendu en 2028 (daté du 31 décembre 2028, détail \
                 illustratif), alors qu'il était initialement prévu pour juin 2022 (Journal de Montréal, \
                 7 mai 2024 ; Protégez-vous).",
                "Full deployment now expected in 2028 (dated 31 December 2028, illustrative detail), \
                 whereas it was originally due by June 2022 (Journal de Montréal, 7 May 2024; \
                 Protégez-vous).",
            ),
        )
        .await?;
        self.milestone(
            programme,
            t(
                "Nouveau dossier d'affaires présenté (prévu entre février et juin 2020)",
                "New business case submitted (planned between February and June 2020)",
            ),
            date!(2020 - 6 - 30),
            R004,
        )
        .await?;

        let users = self
            .indicator(
                programme,
                "users",
                t(
                    "Utilisateurs du service d'authentification gouvernementale",
                    "Users of the government authentication service",
                ),
                t("utilisateurs", "users"),
                Direction::Up,
                Some((sag_live, 0.0)),
                Some((date!(2025 - 3 - 31), 3_300_000.0)),
            )
            .await?;
        self.value(
            users,
            june_2024,
            1_400_000.0,
            t(
                "Environ 1,4 million en juin 2024, contre une cible de 3,3 millions pour 2024-2025 \
                 (Journal de Montréal ; Protégez-vous). Valeur datée du 30 juin 2024 et cible de la fin \
                 de l'exercice, le 31 mars 2025 (détails illustratifs).",
                "About 1.4 million in June 2024, against a 2024–25 target of 3.3 million (Journal de \
                 Montréal; Protégez-vous). Value dated 30 June 2024 and target at the end of the fiscal \
                 year, 31 March 2025 (illustrative details).",
            ),
        )
        .await?;
        Ok(())
    }

    /// The acts on the governance of information resources.
    async fn legislation(&mut self, people: &People) -> Result<(), DemoError> {
        let programme = self
            .create(
                None,
                item(
                    Programme,
                    "LOIS-RI",
                    t(
                        "Lois sur la gouvernance et la transformation numérique des ressources \
                         informationnelles",
                        "Acts on the governance and digital transformation of information resources",
                    ),
                    t(
                        "Suit les étapes législatives que rapportent les documents : projet de loi \
                         renforçant la gouvernance et la gestion des ressources informationnelles déposé en \
                         avril 2017 ; modifications en vigueur depuis mars 2018 ; Loi favorisant la \
                         transformation numérique de l'administration publique sanctionnée le 10 octobre \
                         2019. Les modifications visent notamment à renforcer le rôle du dirigeant principal \
                         de l'information, à regrouper les dirigeants de l'information autour des \
                         portefeuilles ministériels, à créer un comité de gouvernance et à lier la \
                         planification des investissements, des dépenses et de la main-d'œuvre au cycle \
                         budgétaire. Les jours non précisés (avril 2017, mars 2018) sont datés du dernier \
                         jour du mois (détail illustratif).",
                        "Follows the legislative steps the documents report: bill to reinforce the \
                         governance and management of information resources tabled in April 2017; \
                         amendments in force since March 2018; Act to facilitate the public \
                         administration's digital transformation assented to on 10 October 2019. The \
                         amendments seek mainly to strengthen the role of the chief information officer, \
                         bring together information officers around ministerial portfolios, create a \
                         governance committee and link the planning of investments, expenses and workforce \
                         to the budget cycle. Days not given (April 2017, March 2018) are dated on the last \
                         day of the month (illustrative detail).",
                    ),
                )
                .owner(SCT)
                .contact(people.boivin)
                .themes(&["governance"]),
            )
            .await?;
        self.update(
            programme,
            report(
                R003,
                InProgress,
                t(
                    "Modifications proposées à la Loi sur la gouvernance et la gestion des ressources \
                     informationnelles, en réponse à plusieurs mesures de la stratégie de 2015 : renforcer \
                     le rôle du dirigeant principal de l'information et des dirigeants de l'information ; \
                     mieux prioriser les investissements ; avoir au bon moment une meilleure vue \
                     d'ensemble des opérations ; exiger le partage de certaines infrastructures et \
                     compétences.",
                    "Proposed amendments to the Act respecting the governance and management of \
                     information resources, in response to several measures of the 2015 strategy: \
                     strengthen the role of the chief information officer and information officers; \
                     better prioritise investments; gain a better overall view of operations at the \
                     right time; require that certain infrastructure and skills be shared.",
                ),
                SRC_003,
            )
            .next(t(
                "À court terme : modification de la Loi et des règlements.",
                "In the short term: amendment of the Act and its regulations.",
            )),
        )
        .await?;
        self.update(
            programme,
            report(
                R000,
                InProgress,
                t(
                    "Le projet de loi renforçant la gouvernance et la gestion des ressources \
                     informationnelles a été déposé à l'Assemblée nationale en avril. Il vise aussi plus de \
                     souplesse pour autoriser les projets et de meilleurs leviers de surveillance, dont un \
                     pouvoir de vérification du président du Conseil du trésor.",
                    "The bill to reinforce the governance and management of information resources was \
                     tabled in the National Assembly in April. It also seeks more flexibility in \
                     authorising projects and better levers of oversight, including audit authority for \
                     the Chair of the Conseil du trésor.",
                ),
                SRC_000,
            )
            .next(t(
                "Consultations et étude en commission à venir.",
                "Consultations and committee reviews are forthcoming.",
            )),
        )
        .await?;
        self.update(
            programme,
            report(
                R001,
                InProgress,
                t(
                    "Modifications législatives en vigueur depuis mars 2018. Un premier plan des \
                     investissements et des dépenses en ressources informationnelles a été préparé pour \
                     l'ensemble du gouvernement ; les organismes publics ont transmis leurs plans \
                     directeurs (programmation des investissements, inventaire et état des actifs, portrait \
                     de la main-d'œuvre en TI) et leurs états semestriels des projets autorisés en \
                     exécution, publiés au tableau de bord.",
                    "Legislative amendments in force since March 2018. A first investment and expenditure \
                     plan for information resources was prepared across the government; public bodies \
                     submitted their master plans (investment programming, asset inventories and \
                     condition, IT workforce snapshot) and semi-annual reports on authorised projects in \
                     execution, published on the dashboard.",
                ),
                SRC_001,
            )
            .note(NOTE_001),
        )
        .await?;
        self.update(
            programme,
            report(
                R004,
                Completed,
                t(
                    "La Loi favorisant la transformation numérique de l'administration publique, qui fixe \
                     des règles pour la réalisation des projets en ressources informationnelles, a été \
                     sanctionnée le 10 octobre 2019. Les trois étapes suivies ici sont franchies.",
                    "The Act to facilitate the public administration's digital transformation, which sets \
                     out rules for carrying out information resource projects, was assented to on \
                     10 October 2019. The three steps followed here are done.",
                ),
                SRC_004,
            ),
        )
        .await?;
        self.event(
            programme,
            t(
                "Projet de loi déposé à l'Assemblée nationale",
                "Bill tabled in the National Assembly",
            ),
            date!(2017 - 4 - 30),
            R000,
            t(
                "Dépôt en avril 2017, rapporté en octobre 2017 ; jour non précisé : daté du 30 avril 2017 \
                 (détail illustratif).",
                "Tabled in April 2017, reported in October 2017; day not given: dated 30 April 2017 \
                 (illustrative detail).",
            ),
        )
        .await?;
        self.event(
            programme,
            t("Modifications législatives en vigueur", "Legislative amendments in force"),
            date!(2018 - 3 - 31),
            R001,
            t(
                "En vigueur depuis mars 2018, rapporté en février 2019 ; jour non précisé : daté du \
                 31 mars 2018 (détail illustratif).",
                "In force since March 2018, reported in February 2019; day not given: dated 31 March 2018 \
                 (illustrative detail).",
            ),
        )
        .await?;
        self.event(
            programme,
            t(
                "Loi favorisant la transformation numérique de l'administration publique sanctionnée",
                "Act to facilitate the public administration's digital transformation assented to",
            ),
            date!(2019 - 10 - 10),
            R004,
            t(
                "Sanctionnée le 10 octobre 2019 (gabarit du début de 2020).",
                "Assented to on 10 October 2019 (early-2020 template).",
            ),
        )
        .await?;
        Ok(())
    }

    /// Government cloud computing: the broker and its first services.
    async fn cloud(&mut self, people: &People) -> Result<(), DemoError> {
        let programme = self
            .create(
                None,
                item(
                    Programme,
                    "INFONUAGIQUE",
                    t("Infonuagique gouvernementale", "Government cloud computing"),
                    t(
                        "Centre d'expertise en infonuagique, orientations gouvernementales, service de \
                         courtage en approvisionnement infonuagique et son catalogue de services.",
                        "Cloud computing centre of expertise, government guidelines, cloud procurement \
                         brokerage service and its catalogue of services.",
                    ),
                )
                .owner(SCT)
                .contact(people.lauzon)
                .themes(&["infrastructure", "digital_government"]),
            )
            .await?;
        self.update(
            programme,
            report(
                R003,
                InProgress,
                t(
                    "Création d'un centre d'expertise en infonuagique pour soutenir les organismes ; \
                     adoption d'orientations gouvernementales en infonuagique ; mise en place d'un service \
                     de courtage en approvisionnement infonuagique.",
                    "Creation of a cloud computing centre of expertise to support organisations; adoption \
                     of government cloud computing guidelines; implementation of a cloud computing \
                     procurement brokerage service.",
                ),
                SRC_003,
            )
            .next(t(
                "Création prochaine d'un catalogue pour un premier service infonuagique (le courriel).",
                "Creation of a catalogue for a first cloud service (e-mail) in the near future.",
            ))
            .issues(t(
                "Besoin exprimé : partage et mise en commun des politiques infonuagiques des autres \
                 administrations.",
                "Need stated: sharing and pooling of the other jurisdictions' cloud computing policies.",
            )),
        )
        .await?;
        self.update(
            programme,
            report(
                R000,
                InProgress,
                t(
                    "Utilisation croissante de l'offre de courriel du catalogue du courtier en \
                     infonuagique ; d'autres travaux ont commencé pour la suite bureautique.",
                    "Increasing use of the e-mail offer of the cloud services broker's catalogue; other \
                     work has begun for the office productivity suite.",
                ),
                SRC_000,
            ),
        )
        .await?;
        let email = self
            .create(
                Some(programme),
                item(
                    Project,
                    "COURRIEL",
                    t(
                        "Courriel infonuagique par le courtier en infonuagique",
                        "Cloud e-mail through the cloud services broker",
                    ),
                    t(
                        "Premier service du catalogue du courtier : le courriel. En mai 2017, le réseau de \
                         la santé et des services sociaux a retenu une des offres, pour plus de 150 000 \
                         boîtes aux lettres.",
                        "The broker's first catalogue service: e-mail. In May 2017, the health and social \
                         services network chose one of the offers, for more than 150,000 mailboxes.",
                    ),
                )
                .owner(SCT)
                .contact(people.lauzon)
                .themes(&["infrastructure"]),
            )
            .await?;
        self.update(
            email,
            report(
                R003,
                Planned,
                t(
                    "Un catalogue pour un premier service infonuagique, le courriel, sera créé \
                     prochainement.",
                    "A catalogue for a first cloud service, e-mail, will be created in the near future.",
                ),
                SRC_003,
            ),
        )
        .await?;
        self.update(
            email,
            report(
                R000,
                InProgress,
                t(
                    "Utilisation croissante de l'offre de courriel du catalogue. En mai dernier, le réseau \
                     de la santé et des services sociaux a retenu une des offres soumises, qui représente \
                     plus de 150 000 boîtes aux lettres.",
                    "Increasing use of the catalogue's e-mail offer. Last May, the health and social \
                     services network decided to use one of the submitted offers, which represented more \
                     than 150,000 mailboxes.",
                ),
                SRC_000,
            ),
        )
        .await?;
        let mailboxes = self
            .indicator(
                email,
                "mailboxes",
                t(
                    "Boîtes aux lettres visées par une offre retenue au catalogue du courtier",
                    "Mailboxes covered by an offer chosen from the broker's catalogue",
                ),
                t("boîtes aux lettres", "mailboxes"),
                Direction::Up,
                None,
                None,
            )
            .await?;
        self.value(
            mailboxes,
            date!(2017 - 5 - 31),
            150_000.0,
            t(
                "Plus de 150 000 boîtes : l'offre retenue en mai 2017 par le réseau de la santé et des \
                 services sociaux (valeur plancher). Jour non précisé : daté du 31 mai 2017 (détail \
                 illustratif). Source : gabarit du PSCIOC d'octobre 2017.",
                "More than 150,000 mailboxes: the offer chosen in May 2017 by the health and social \
                 services network (a lower bound). Day not given: dated 31 May 2017 (illustrative \
                 detail). Source: PSCIOC template of October 2017.",
            ),
        )
        .await?;
        let office = self
            .create(
                Some(programme),
                item(
                    Project,
                    "BUREAUTIQUE",
                    t("Suite bureautique infonuagique", "Cloud office productivity suite"),
                    t(
                        "Deuxième service envisagé par le courtier en infonuagique, après le courriel.",
                        "The second service the cloud services broker works on, after e-mail.",
                    ),
                )
                .owner(SCT)
                .themes(&["infrastructure"]),
            )
            .await?;
        self.update(
            office,
            report(
                R000,
                InProgress,
                t(
                    "D'autres travaux ont commencé pour la suite bureautique.",
                    "Other work has begun for the office productivity suite.",
                ),
                SRC_000,
            ),
        )
        .await?;
        Ok(())
    }

    /// Open data: Données Québec and HackQC.
    async fn open_data(&mut self, people: &People) -> Result<(), DemoError> {
        let programme = self
            .create(
                None,
                item(
                    Programme,
                    "DONNEES-OUVERTES",
                    t("Données ouvertes gouvernementales", "Government open data"),
                    t(
                        "Plan d'action pour l'accessibilité et le partage des données ouvertes : \
                         accompagnement des organismes publics, plateforme Données Québec, hackathon \
                         annuel HackQC.",
                        "Action plan for the accessibility and sharing of open data: support for public \
                         bodies, the Données Québec platform, the annual HackQC hackathon.",
                    ),
                )
                .owner(SCT)
                .contact(people.lauzon)
                .themes(&["open_data"]),
            )
            .await?;
        self.update(
            programme,
            report(
                R003,
                InProgress,
                t(
                    "Amélioration constante des jeux de données présentés ; projet d'un nouveau portail de \
                     données ouvertes.",
                    "Constant improvement of the datasets presented; plans for a new open data portal.",
                ),
                SRC_003,
            ),
        )
        .await?;
        self.update(
            programme,
            report(
                R001,
                InProgress,
                t(
                    "Mise en œuvre continue du plan d'action pour l'accessibilité et le partage des données \
                     ouvertes : guides publiés pour prioriser et diffuser les données ouvertes et appliquer \
                     les orientations ; mise à jour et développement de Données Québec ; HackQC.",
                    "Continued implementation of the action plan for the accessibility and sharing of open \
                     data: guides published for prioritising and disseminating open data and applying the \
                     orientations; updating and development of Données Québec; HackQC.",
                ),
                SRC_001,
            )
            .note(NOTE_001),
        )
        .await?;
        let portal = self
            .create(
                Some(programme),
                item(
                    Project,
                    "DONNEES-QUEBEC",
                    t("Plateforme Données Québec", "Données Québec platform"),
                    t(
                        "Site commun de partage des données ouvertes du Québec, réalisé en collaboration \
                         avec plusieurs villes ; plus accessible, il permet de prévisualiser les jeux de \
                         données.",
                        "Common site for sharing Quebec open data, built in collaboration with several \
                         cities; more accessible, it allows datasets to be previewed.",
                    ),
                )
                .owner(SCT)
                .themes(&["open_data"]),
            )
            .await?;
        self.update(
            portal,
            report(
                R003,
                Planned,
                t(
                    "Projet d'un nouveau portail de données ouvertes, en collaboration avec plusieurs \
                     villes du Québec : site commun, plus accessible, avec aperçu des jeux de données.",
                    "Plans for a new open data portal, in collaboration with several cities in Quebec: a \
                     common site, more accessible, with dataset previews.",
                ),
                SRC_003,
            ),
        )
        .await?;
        self.update(
            portal,
            report(
                R001,
                InProgress,
                t(
                    "Mise à jour et développement de la plateforme Données Québec, qui a reçu le Prix \
                     d'excellence au Sommet canadien des données ouvertes 2018.",
                    "Updating and development of the Données Québec platform, which received the \
                     Excellence Award at the Canadian Open Data Summit 2018.",
                ),
                SRC_001,
            )
            .note(NOTE_001),
        )
        .await?;
        let hackathon = self
            .create(
                Some(programme),
                item(
                    Project,
                    "HACKQC",
                    t("HackQC, hackathon annuel", "HackQC, the annual hackathon"),
                    t(
                        "Hackathon annuel qui encourage l'utilisation des jeux de données diffusés par \
                         Données Québec, selon des thèmes choisis.",
                        "Annual hackathon that encourages the use of the datasets disseminated by Données \
                         Québec, on selected themes.",
                    ),
                )
                .owner(SCT)
                .themes(&["open_data"]),
            )
            .await?;
        self.update(
            hackathon,
            report(
                R001,
                InProgress,
                t(
                    "Le hackathon annuel se poursuit.",
                    "The annual hackathon continues.",
                ),
                SRC_001,
            )
            .next(t(
                "Prochaine édition à Québec, sur le thème « l'interaction numérique avec les citoyens ».",
                "Next event in Québec City, on the theme \"digital interaction with the public\".",
            )),
        )
        .await?;
        Ok(())
    }

    /// The public dashboard on the health of information-resource projects.
    async fn project_dashboard(&mut self) -> Result<(), DemoError> {
        let reported_2013 = date!(2013 - 6 - 4);
        let relaunch = date!(2014 - 12 - 17);
        let project = self
            .create(
                None,
                item(
                    Project,
                    "TABLEAU-BORD-RI",
                    t(
                        "Tableau de bord sur l'état de santé des projets en ressources informationnelles",
                        "Dashboard on the health of information-resource projects",
                    ),
                    t(
                        "Tableau de bord public des projets en ressources informationnelles de 100 000 $ ou \
                         plus, lancé en mai 2012 et relancé le 17 décembre 2014 (Journal de Québec, \
                         4 juin 2013 ; Journal de Montréal, 17 décembre 2014). La mesure 9 de la stratégie \
                         de 2015 vise à poursuivre son amélioration.",
                        "Public dashboard of information-resource projects of $100,000 or more, launched in \
                         May 2012 and relaunched on 17 December 2014 (Journal de Québec, 4 June 2013; \
                         Journal de Montréal, 17 December 2014). Measure 9 of the 2015 strategy is to keep \
                         improving it.",
                    ),
                )
                .owner(SCT)
                .themes(&["governance", "digital_government"]),
            )
            .await?;
        self.update(
            project,
            report(
                reported_2013,
                Completed,
                t(
                    "Le tableau de bord est en ligne depuis mai 2012 ; il couvre les projets de 100 000 $ \
                     ou plus.",
                    "The dashboard has been online since May 2012; it covers projects of $100,000 or more.",
                ),
                (
                    "Source : Journal de Québec, 4 juin 2013.",
                    "Source: Journal de Québec, 4 June 2013.",
                ),
            ),
        )
        .await?;
        self.update(
            project,
            report(
                relaunch,
                Completed,
                t(
                    "Le tableau de bord est relancé.",
                    "The dashboard is relaunched.",
                ),
                (
                    "Source : Journal de Montréal, 17 décembre 2014.",
                    "Source: Journal de Montréal, 17 December 2014.",
                ),
            ),
        )
        .await?;
        self.update(
            project,
            report(
                R001,
                Completed,
                t(
                    "Les états semestriels des organismes publics sur leurs projets autorisés en exécution \
                     peuvent être consultés au tableau de bord ; l'information est publique.",
                    "Public bodies' semi-annual reports on their authorised projects in execution can be \
                     consulted on the dashboard; the information is public.",
                ),
                SRC_001,
            )
            .note(NOTE_001),
        )
        .await?;
        self.event(
            project,
            t("Mise en ligne du tableau de bord", "Dashboard launched"),
            date!(2012 - 5 - 31),
            reported_2013,
            t(
                "Lancé en mai 2012 (Journal de Québec, 4 juin 2013) ; jour non précisé : daté du 31 mai \
                 2012 (détail illustratif).",
                "Launched in May 2012 (Journal de Québec, 4 June 2013); day not given: dated 31 May 2012 \
                 (illustrative detail).",
            ),
        )
        .await?;
        self.event(
            project,
            t("Relance du tableau de bord", "Dashboard relaunched"),
            relaunch,
            relaunch,
            t(
                "Relancé le 17 décembre 2014 (Journal de Montréal, 17 décembre 2014).",
                "Relaunched on 17 December 2014 (Journal de Montréal, 17 December 2014).",
            ),
        )
        .await?;
        Ok(())
    }

    /// Government information security (early 2020).
    async fn information_security(&mut self) -> Result<(), DemoError> {
        let programme = self
            .create(
                None,
                item(
                    Programme,
                    "SECURITE-INFO",
                    t("Sécurité de l'information gouvernementale", "Government information security"),
                    t(
                        "Renforcer la gouvernance de la sécurité de l'information gouvernementale pour \
                         mieux répondre aux enjeux de cybersécurité et protéger les données des citoyens : \
                         politique de cybersécurité, comité consultatif, Centre gouvernemental de \
                         cyberdéfense, mise à jour de la directive.",
                        "Strengthen the governance of government information security to better address \
                         cybersecurity issues and protect citizens' data: cybersecurity policy, advisory \
                         committee, Government Cyber Defence Centre, update of the directive.",
                    ),
                )
                .owner(SCT)
                .themes(&["cybersecurity"])
                .priority(),
            )
            .await?;
        self.update(
            programme,
            report(
                R001,
                Planned,
                t(
                    "Priorité pour les 12 à 36 prochains mois : élaborer une stratégie-cadre en sécurité de \
                     l'information.",
                    "Priority for the next 12 to 36 months: develop a framework strategy for information \
                     security.",
                ),
                SRC_001,
            )
            .note(NOTE_001),
        )
        .await?;
        self.update(
            programme,
            report(
                R004,
                InProgress,
                t(
                    "Politique gouvernementale de cybersécurité en élaboration ; comité consultatif en \
                     cybersécurité créé en décembre 2019 ; établissement du Centre gouvernemental de \
                     cyberdéfense et du réseau gouvernemental de cyberdéfense en cours.",
                    "Government cybersecurity policy being developed; cybersecurity advisory committee \
                     created in December 2019; establishment of the Government Cyber Defence Centre and \
                     of the government cyber defence network ongoing.",
                ),
                SRC_004,
            )
            .next(t(
                "Mettre à jour la Directive sur la sécurité de l'information gouvernementale (gestion \
                 des accès, entre autres) et élaborer des règles détaillées pour les pratiques de \
                 cyberdéfense des organismes publics.",
                "Update the Directive on the Security of Government Information (access management, among \
                 others) and develop detailed rules for public bodies' cyber defence practices.",
            )),
        )
        .await?;
        let committee = self
            .create(
                Some(programme),
                item(
                    Project,
                    "COMITE-CYBER",
                    t(
                        "Création du comité consultatif en cybersécurité",
                        "Creation of the cybersecurity advisory committee",
                    ),
                    t(
                        "Comité de 14 experts des secteurs public, parapublic, universitaire, scientifique \
                         et industriel.",
                        "A committee of 14 experts from the public, parapublic, academic, scientific and \
                         industrial sectors.",
                    ),
                )
                .owner(SCT)
                .themes(&["cybersecurity"]),
            )
            .await?;
        self.update(
            committee,
            report(
                R004,
                Completed,
                t(
                    "Comité créé en décembre 2019 ; 14 experts ; deux rencontres tenues à ce jour pour \
                     valider les objectifs gouvernementaux en cybersécurité.",
                    "Committee created in December 2019; 14 experts; two meetings held to date to validate \
                     the government's cybersecurity objectives.",
                ),
                SRC_004,
            ),
        )
        .await?;
        let policy = self
            .create(
                Some(programme),
                item(
                    Project,
                    "POLITIQUE-CYBER",
                    t("Politique gouvernementale de cybersécurité", "Government cybersecurity policy"),
                    t(
                        "Pour une administration gouvernementale plus résiliente et sécuritaire, qui offre \
                         des services numériques centrés sur le citoyen.",
                        "For a more resilient and secure government administration that delivers \
                         citizen-centred digital services.",
                    ),
                )
                .owner(SCT)
                .themes(&["cybersecurity"]),
            )
            .await?;
        self.update(
            policy,
            report(
                R004,
                InProgress,
                t("La politique est en élaboration.", "The policy is being developed."),
                SRC_004,
            )
            .next(t(
                "Elle sera bientôt proposée ; sa mise en œuvre entraînera des actions clés adaptées aux \
                 enjeux de cybersécurité.",
                "It will soon be proposed; its implementation will result in key actions tailored to \
                 cybersecurity issues.",
            )),
        )
        .await?;
        let defence = self
            .create(
                Some(programme),
                item(
                    Project,
                    "CYBERDEFENSE",
                    t("Centre gouvernemental de cyberdéfense", "Government Cyber Defence Centre"),
                    t(
                        "Surveillance continue et coordination de la réponse aux cybermenaces, au cœur d'un \
                         réseau gouvernemental de cyberdéfense ; une équipe d'intervention tactique peut \
                         être déployée lors de cyberincidents. Initiative gardée interne par la démo (détail \
                         illustratif : les documents ne disent pas ce qui est publié), pour montrer que la \
                         vue publique la cache.",
                        "Continuous monitoring and coordination of responses to cyber threats, at the heart \
                         of a government cyber defence network; a tactical response team may be deployed \
                         during cyber incidents. Kept internal by the demo (illustrative detail: the \
                         documents do not say what is published), to show that the public view hides it.",
                    ),
                )
                .owner(SCT)
                .themes(&["cybersecurity"])
                .internal(),
            )
            .await?;
        self.update(
            defence,
            report(
                R004,
                InProgress,
                t(
                    "L'établissement du Centre gouvernemental de cyberdéfense et du réseau gouvernemental \
                     de cyberdéfense est en cours.",
                    "The establishment of the Government Cyber Defence Centre and of the government cyber \
                     defence network is ongoing.",
                ),
                SRC_004,
            ),
        )
        .await?;
        let directive = self
            .create(
                Some(programme),
                item(
                    Project,
                    "DIRECTIVE-SECURITE",
                    t(
                        "Mise à jour de la Directive sur la sécurité de l'information gouvernementale",
                        "Update of the Directive on the Security of Government Information",
                    ),
                    t(
                        "Mieux traiter les enjeux de sécurité émergents, comme la gestion des accès.",
                        "Better address emerging security issues such as access management.",
                    ),
                )
                .owner(SCT)
                .themes(&["cybersecurity"]),
            )
            .await?;
        self.update(
            directive,
            report(
                R004,
                Planned,
                t(
                    "La directive sera mise à jour (priorité des 12 à 36 prochains mois).",
                    "The directive will be updated (priority for the next 12 to 36 months).",
                ),
                SRC_004,
            ),
        )
        .await?;
        Ok(())
    }
}

/// A measure of the 2015 strategy whose title is known.
struct KnownMeasure {
    number: u32,
    fr: &'static str,
    en: &'static str,
    /// A fact of the October 2017 report that matches the measure's title.
    october_2017: Option<(&'static str, &'static str)>,
}

/// Measures 1–12 (FACIL wiki page on the June 2015 consultation).
const MEASURES: &[KnownMeasure] = &[
    KnownMeasure {
        number: 1,
        fr: "Renforcer le rôle du dirigeant principal de l'information (DPI)",
        en: "Strengthen the role of the chief information officer (DPI)",
        october_2017: Some((
            "le projet de loi déposé en avril 2017 vise notamment à renforcer le rôle du dirigeant \
             principal de l'information.",
            "the bill tabled in April 2017 seeks, among other things, to strengthen the role of the chief \
             information officer.",
        )),
    },
    KnownMeasure {
        number: 2,
        fr: "Réduire le nombre de dirigeants de l'information",
        en: "Reduce the number of information officers",
        october_2017: Some((
            "le projet de loi déposé en avril 2017 vise à regrouper les dirigeants de l'information \
             autour des portefeuilles ministériels.",
            "the bill tabled in April 2017 seeks to bring together information officers around \
             ministerial portfolios.",
        )),
    },
    KnownMeasure {
        number: 3,
        fr: "Renforcer le rôle des dirigeants de l'information et leur participation à la gouvernance",
        en: "Strengthen the role of information officers and their part in governance",
        october_2017: Some((
            "le projet de loi déposé en avril 2017 prévoit la création d'un comité de gouvernance.",
            "the bill tabled in April 2017 provides for the creation of a governance committee.",
        )),
    },
    KnownMeasure {
        number: 4,
        fr: "Réaffirmer que le DPI et le dirigeant du Centre de services partagés du Québec (CSPQ) ont \
             des rôles distincts",
        en: "Restate that the DPI and the head of the shared-services centre (CSPQ) have distinct roles",
        october_2017: None,
    },
    KnownMeasure {
        number: 5,
        fr: "Confirmer le rôle du conseil consultatif québécois en technologies de l'information",
        en: "Confirm the role of the Québec IT advisory council",
        october_2017: None,
    },
    KnownMeasure {
        number: 6,
        fr: "Élaborer un cadre gouvernemental de gestion des investissements en ressources \
             informationnelles",
        en: "Build a government framework for managing information-resource investments",
        october_2017: Some((
            "le projet de loi prévoit un processus de planification des investissements, des dépenses et \
             de la main-d'œuvre lié au cycle budgétaire.",
            "the bill provides for a planning process for investments, expenses and workforce linked to \
             the budget cycle.",
        )),
    },
    KnownMeasure {
        number: 7,
        fr: "Établir et maintenir un portrait complet de l'état des actifs informationnels",
        en: "Build and keep a complete picture of the state of IT assets",
        october_2017: Some((
            "l'évaluation de l'état des actifs numériques est en cours dans les organismes et un \
             indicateur de désuétude a été élaboré.",
            "assessment of the condition of digital assets is underway in organisations and an indicator \
             for out-of-date items was developed.",
        )),
    },
    KnownMeasure {
        number: 8,
        fr: "Mettre en place un comité de vigie des grands projets",
        en: "Set up a watch committee for major projects",
        october_2017: None,
    },
    KnownMeasure {
        number: 9,
        fr: "Poursuivre l'amélioration du tableau de bord sur l'état de santé des projets",
        en: "Keep improving the dashboard on the health of projects",
        october_2017: None,
    },
    KnownMeasure {
        number: 10,
        fr: "Établir un portrait de la main-d'œuvre en TI",
        en: "Build a picture of the IT workforce",
        october_2017: Some((
            "le deuxième portrait de la main-d'œuvre en TI a été produit (voir les indicateurs de \
             main-d'œuvre interne et externe).",
            "the second overview of the IT workforce was created (see the internal and external workforce \
             indicators).",
        )),
    },
    KnownMeasure {
        number: 11,
        fr: "Adopter une politique gouvernementale de main-d'œuvre en TI",
        en: "Adopt a government IT workforce policy",
        october_2017: None,
    },
    KnownMeasure {
        number: 12,
        fr: "Valoriser l'expertise interne",
        en: "Make the most of internal expertise",
        october_2017: Some((
            "un deuxième processus de qualification en TI au niveau professionnel a reçu près de 5 000 \
             candidatures ; plus de 400 postes en TI ont été attribués, surtout à des fonctions critiques \
             qualifiées ; un processus de traçabilité garantit que ce personnel est affecté exclusivement \
             aux TI.",
            "a second IT qualification process at the professional level received nearly 5,000 \
             applications; more than 400 IT positions were assigned, mainly to qualified critical duties; \
             a traceability process ensures that these staff are used exclusively for IT.",
        )),
    },
];
