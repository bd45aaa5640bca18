//! One module per page, and the pieces forms share.

mod admin;
mod audit;
mod fields;
mod figures;
mod home;
mod import;
mod indicators;
mod initiative_dashboard;
mod initiative_form;
mod initiatives;
mod labels;
mod milestones;
mod not_found;
mod portfolio;
mod public;
mod report;
mod sign_in;
mod update_form;

pub use admin::{AccountPage, AccountsPage, OrganisationsPage};
pub use audit::AuditPage;
pub use home::HomePage;
pub use import::{ImportBatchPage, ImportPage};
pub use indicators::{IndicatorValuePage, IndicatorsPage};
pub use initiative_dashboard::ChartSet;
pub use initiative_form::{EditInitiativePage, NewInitiativePage};
pub use initiatives::{InitiativeData, InitiativePage, InitiativesPage, ThisPeriodPage};
pub use labels::*;
pub use milestones::{MilestoneRevisionPage, MilestonesPage};
pub use not_found::{NotFoundContent, NotFoundPage};
pub use portfolio::{DashboardQuery, PortfolioPage};
pub use public::{progress_href, DataPage, PublicInitiativePage, PublicOverview};
pub use report::{ReportPage, ReportVersionPage};
pub use sign_in::{provide_me, AccountMenu, SignInPage, WorkLinks};
pub use update_form::UpdateFormPage;
