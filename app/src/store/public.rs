//! The public's reads: the initiatives the public may see and their
//! history, projected to their public fields
//! ([`crate::domain::public`]), for the open data, the feeds and the
//! public pages.
//!
//! **The rule** of which initiatives the public may see is written once,
//! here: published and not archived ([`public_condition`], read by
//! [`published_ids`]). Every function of this module applies it, and
//! nothing else may decide it: a caller that needs to know whether the
//! public may see an initiative asks [`published_ids`]. A published child
//! of a parent the public may not see is public too, shown as a root (see
//! [`crate::domain::public`]).
//!
//! What a signed-in account or a bearer token reads (everything, internal
//! included) is in [`super::read`].

use super::read::{self, Scope};
use super::rows::{StatusUpdateRow, STATUS_UPDATE_COLUMNS};
use super::{Db, StoreError};
use crate::domain::dashboard::Headline;
use crate::domain::public::{
    effective_values, NamedUpdate, PublicIndicatorValue, PublicInitiative, PublicState,
    PublicStatusUpdate, PublishedIds, Reach,
};
use crate::domain::*;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The rule, as SQL on the `initiative` row aliased `alias`: the public may
/// see an initiative that an administrator published and that is not
/// archived.
fn public_condition(alias: &str) -> String {
    format!(
        "{alias}.visibility = '{}' and not {alias}.archived",
        Visibility::Published.as_str()
    )
}

/// The initiatives the public may see: published and not archived. The one
/// function that answers "may the public see this initiative?" — for the
/// open data, the feeds and the public pages alike.
pub async fn published_ids(db: &Db) -> Result<PublishedIds, StoreError> {
    let sql = format!(
        "select i.id from initiative i where {}",
        public_condition("i")
    );
    let ids: Vec<i64> = on_pool!(db, p => sqlx::query_scalar(&sql).fetch_all(p).await)?;
    Ok(PublishedIds::new(ids.into_iter().map(InitiativeId)))
}

/// The code of each organisation, by id.
async fn organisation_codes(db: &Db) -> Result<HashMap<OrganisationId, Code>, StoreError> {
    Ok(read::organisations(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.code))
        .collect())
}

/// Every initiative the public may see, by id, with its state on `date`.
pub async fn initiatives(db: &Db, date: NaiveDate) -> Result<Vec<PublicInitiative>, StoreError> {
    let published = published_ids(db).await?;
    let organisations = organisation_codes(db).await?;
    let mut states: HashMap<InitiativeId, StateSummary> =
        read::summaries_as_of(db, Scope::Portfolio, date)
            .await?
            .into_iter()
            .map(|s| (s.initiative_id, s))
            .collect();
    Ok(read::initiatives(db, Scope::Portfolio)
        .await?
        .iter()
        .filter_map(|i| {
            let organisation = i
                .organisation_id
                .and_then(|o| organisations.get(&o).cloned());
            let state = states.remove(&i.id).as_ref().map(PublicState::from);
            published.project(i, organisation, state)
        })
        .collect())
}

/// One initiative as the public sees it, with its state on `date`; `None`
/// when there is no such initiative or the public may not see it.
pub async fn initiative(
    db: &Db,
    id: InitiativeId,
    date: NaiveDate,
) -> Result<Option<PublicInitiative>, StoreError> {
    let published = published_ids(db).await?;
    if !published.contains(id) {
        return Ok(None);
    }
    let Some(initiative) = read::initiative(db, id).await? else {
        return Ok(None);
    };
    let organisation = match initiative.organisation_id {
        Some(o) => organisation_codes(db).await?.remove(&o),
        None => None,
    };
    let state = read::summary_as_of(db, id, date).await?;
    Ok(published.project(
        &initiative,
        organisation,
        state.as_ref().map(PublicState::from),
    ))
}

/// Every status update of an initiative the public may see (corrections
/// and corrected alike, in the order they take effect), or `None` when the
/// public may not see it.
pub async fn status_updates(
    db: &Db,
    id: InitiativeId,
) -> Result<Option<Vec<PublicStatusUpdate>>, StoreError> {
    if !published_ids(db).await?.contains(id) {
        return Ok(None);
    }
    let history = read::status_history(db, id).await?;
    Ok(Some(history.iter().map(PublicStatusUpdate::from).collect()))
}

/// An indicator of an initiative the public may see, with the values that
/// count (the latest recorded for each date, by date); `None` when there is
/// no such indicator or the public may not see its initiative.
pub async fn indicator(
    db: &Db,
    id: IndicatorId,
) -> Result<Option<(Indicator, Vec<PublicIndicatorValue>)>, StoreError> {
    let Some(indicator) = read::indicator(db, id).await? else {
        return Ok(None);
    };
    if !published_ids(db).await?.contains(indicator.initiative_id) {
        return Ok(None);
    }
    let values = read::indicator_values(db, id).await?;
    let values = effective_values(&values)
        .into_iter()
        .map(PublicIndicatorValue::from)
        .collect();
    Ok(Some((indicator, values)))
}

/// A status update read with the code and title of its initiative.
#[derive(sqlx::FromRow)]
struct NamedUpdateRow {
    #[sqlx(flatten)]
    update: StatusUpdateRow,
    code: String,
    title_fr: String,
    title_en: String,
}

/// The latest `limit` effective status updates (those no correction
/// supersedes) of the initiatives the public may see — of `initiative`
/// only, when given — the latest recorded first.
pub async fn latest_updates(
    db: &Db,
    initiative: Option<InitiativeId>,
    limit: u32,
) -> Result<Vec<NamedUpdate>, StoreError> {
    let columns: Vec<String> = STATUS_UPDATE_COLUMNS
        .split(',')
        .map(|c| format!("s.{}", c.trim()))
        .collect();
    let only = if initiative.is_some() {
        "and s.initiative_id = $2"
    } else {
        ""
    };
    let sql = format!(
        "select {}, i.code, i.title_fr, i.title_en \
         from status_update s join initiative i on i.id = s.initiative_id \
         where {} and not exists (select 1 from status_update c where c.supersedes = s.id) {only} \
         order by s.recorded_at desc, s.id desc limit $1",
        columns.join(", "),
        public_condition("i"),
    );
    let rows: Vec<NamedUpdateRow> = on_pool!(db, p => {
        let mut query = sqlx::query_as(&sql).bind(i64::from(limit));
        if let Some(id) = initiative {
            query = query.bind(id.0);
        }
        query.fetch_all(p).await
    })?;
    rows.into_iter()
        .map(|row| {
            let update = StatusUpdate::try_from(row.update)?;
            Ok(NamedUpdate {
                code: Code::parse("code", &row.code)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                title: Bilingual::new(row.title_fr, row.title_en),
                update: PublicStatusUpdate::from(&update),
            })
        })
        .collect()
}

/// Every initiative the public may see, as a [`Reach`]: what the public's
/// figures over the whole portfolio count.
pub async fn reach(db: &Db) -> Result<Reach, StoreError> {
    Ok(Reach::Only(published_ids(db).await?.into_set()))
}

/// The public part of the subtree under `root`: `root` and every
/// initiative the public may see that hangs from it through parents the
/// public may see too (one under a hidden parent is a root of its own, not
/// part of this subtree); `None` when the public may not see `root`.
pub async fn reach_under(db: &Db, root: InitiativeId) -> Result<Option<Reach>, StoreError> {
    let published = published_ids(db).await?;
    if !published.contains(root) {
        return Ok(None);
    }
    let mut children: HashMap<InitiativeId, Vec<InitiativeId>> = HashMap::new();
    for i in read::initiatives(db, Scope::Subtree(root)).await? {
        if let Some(parent) = published.public_parent(&i) {
            if published.contains(i.id) {
                children.entry(parent).or_default().push(i.id);
            }
        }
    }
    let mut reached = std::collections::HashSet::from([root]);
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        for child in children.remove(&id).unwrap_or_default() {
            if reached.insert(child) {
                stack.push(child);
            }
        }
    }
    Ok(Some(Reach::Only(reached)))
}

/// The headline figures of what the public may see, on `date`: the same
/// arithmetic as the executives' portfolio, over the published initiatives
/// only (a measure is a leaf when no published initiative hangs from it).
pub async fn headline(db: &Db, date: NaiveDate) -> Result<Headline, StoreError> {
    let published = published_ids(db).await?;
    let mut rows = super::dashboard::grid(db, Scope::Portfolio, date, date, date)
        .await?
        .rows;
    rows.retain(|r| published.contains(r.initiative.id));
    let parents: std::collections::HashSet<InitiativeId> = rows
        .iter()
        .filter_map(|r| published.public_parent(&r.initiative))
        .collect();
    for row in &mut rows {
        row.leaf = !parents.contains(&row.initiative.id);
    }
    Ok(crate::domain::dashboard::headline(&rows))
}
