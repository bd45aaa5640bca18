-- A status update's keys (its initiative, the update it corrects) are
-- checked when its transaction commits instead of after each statement:
-- the store checks both before it writes, and the database still refuses to
-- commit a key that leads nowhere. Checked after each statement, a key makes
-- SQLite keep a copy of every page a statement of many rows touches (so it
-- can undo that statement alone): an import of 100,000 updates into the
-- generated portfolio spent 0.65 s of its 2.9 s copying pages. PostgreSQL
-- alters its constraints in place (migrations/postgres/, same version);
-- SQLite changes a constraint only by rebuilding the table: the new table,
-- the copy, the swap, the indexes (the migrations run with the keys off, as
-- SQLite asks: see `store/mod.rs`).
create table status_update_keyed (
    id integer primary key,
    initiative_id bigint not null references initiative (id) deferrable initially deferred,
    as_of date not null,
    status text not null check (status in ('planned', 'in_progress', 'completed', 'on_hold', 'cancelled')),
    health text not null check (health in ('on_track', 'at_risk', 'off_track')),
    schedule_health text check (schedule_health in ('on_track', 'at_risk', 'off_track')),
    cost_health text check (cost_health in ('on_track', 'at_risk', 'off_track')),
    scope_health text check (scope_health in ('on_track', 'at_risk', 'off_track')),
    percent_complete integer check (percent_complete between 0 and 100),
    approved_budget bigint check (approved_budget >= 0),
    spent_to_date bigint check (spent_to_date >= 0),
    forecast_at_completion bigint check (forecast_at_completion >= 0),
    accomplishments_fr text not null default '',
    accomplishments_en text not null default '',
    next_steps_fr text not null default '',
    next_steps_en text not null default '',
    issues_fr text not null default '',
    issues_en text not null default '',
    -- Internal: never public.
    internal_note text,
    author text not null,
    recorded_at timestamptz not null,
    supersedes bigint references status_update (id) deferrable initially deferred
);
insert into status_update_keyed
select id, initiative_id, as_of, status, health, schedule_health, cost_health, scope_health,
       percent_complete, approved_budget, spent_to_date, forecast_at_completion,
       accomplishments_fr, accomplishments_en, next_steps_fr, next_steps_en, issues_fr, issues_en,
       internal_note, author, recorded_at, supersedes
from status_update order by id;
drop table status_update;
alter table status_update_keyed rename to status_update;
create index status_update_timeline on status_update (initiative_id, as_of, id);
create unique index status_update_corrected_once on status_update (supersedes)
    where supersedes is not null;
create index status_update_recorded on status_update (recorded_at, id);
