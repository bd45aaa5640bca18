-- The model: organisations, contacts, themes, initiatives in a tree, and
-- their append-only history (status updates, milestone revisions, indicator
-- values), with an audit log. Portable: SQLite and PostgreSQL both accept
-- this text. `id integer primary key` is SQLite's rowid; PostgreSQL turns it
-- into a bigint identity in postgres/20261121000003_identity.sql.
-- Dates are ISO dates; amounts are in cents; timestamps are UTC.

create table organisation (
    id integer primary key,
    code text not null unique,
    name_fr text not null,
    name_en text not null
);

create table contact (
    id integer primary key,
    organisation_id bigint references organisation (id),
    name text not null,
    role_fr text not null default '',
    role_en text not null default '',
    email text
);

create table theme (
    code text primary key,
    name_fr text not null,
    name_en text not null
);

create table initiative (
    id integer primary key,
    parent_id bigint references initiative (id),
    kind text not null check (kind in ('strategy', 'area', 'measure', 'programme', 'project')),
    code text not null,
    title_fr text not null,
    title_en text not null,
    description_fr text not null default '',
    description_en text not null default '',
    organisation_id bigint references organisation (id),
    contact_id bigint references contact (id),
    start_date date,
    target_date date,
    weight double precision not null default 1 check (weight >= 0),
    visibility text not null default 'internal' check (visibility in ('published', 'internal')),
    priority boolean not null default false,
    archived boolean not null default false,
    version bigint not null default 1,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (start_date is null or target_date is null or target_date >= start_date)
);

-- A code is unique among the children of one parent (roots count as siblings).
create unique index initiative_code_among_siblings on initiative (coalesce(parent_id, 0), code);
create index initiative_by_parent on initiative (parent_id);

create table initiative_theme (
    initiative_id bigint not null references initiative (id),
    theme text not null references theme (code),
    primary key (initiative_id, theme)
);

-- Append-only. The state of an initiative as of a date is its latest update
-- on or before that date that no other update supersedes.
create table status_update (
    id integer primary key,
    initiative_id bigint not null references initiative (id),
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
    supersedes bigint references status_update (id)
);

create index status_update_timeline on status_update (initiative_id, as_of, id);
-- An update is corrected at most once (a correction may itself be corrected).
create unique index status_update_corrected_once on status_update (supersedes);

-- Derived from status_update, rebuilt for an initiative in the transaction
-- that changes its updates: the periods during which it had one status.
-- The completion series reads these few rows instead of every update.
create table status_period (
    initiative_id bigint not null references initiative (id),
    valid_from date not null,
    -- Exclusive; null while the period lasts.
    valid_until date,
    status text not null,
    primary key (initiative_id, valid_from)
);

create table milestone (
    id integer primary key,
    initiative_id bigint not null references initiative (id),
    title_fr text not null,
    title_en text not null,
    -- The original plan; never changes.
    baseline_date date not null,
    created_at timestamptz not null
);

create index milestone_by_initiative on milestone (initiative_id);

-- Append-only: every plan of a milestone, the first one being its baseline.
create table milestone_revision (
    id integer primary key,
    milestone_id bigint not null references milestone (id),
    decided_on date not null,
    forecast_date date not null,
    actual_date date,
    reason_fr text not null default '',
    reason_en text not null default '',
    author text not null,
    recorded_at timestamptz not null
);

create index milestone_revision_timeline on milestone_revision (milestone_id, decided_on, id);

create table indicator (
    id integer primary key,
    initiative_id bigint not null references initiative (id),
    code text not null,
    name_fr text not null,
    name_en text not null,
    unit_fr text not null default '',
    unit_en text not null default '',
    direction text not null check (direction in ('up', 'down')),
    baseline_date date,
    baseline_value double precision,
    target_date date,
    target_value double precision,
    created_at timestamptz not null,
    unique (initiative_id, code)
);

-- Append-only: for one date, the latest recorded value counts.
create table indicator_value (
    id integer primary key,
    indicator_id bigint not null references indicator (id),
    measured_on date not null,
    value double precision not null,
    note_fr text not null default '',
    note_en text not null default '',
    author text not null,
    recorded_at timestamptz not null
);

create index indicator_value_series on indicator_value (indicator_id, measured_on, id);

-- Written in the same transaction as the change it records.
create table audit_log (
    id integer primary key,
    at timestamptz not null,
    actor text not null,
    action text not null,
    entity text not null,
    entity_id bigint,
    before_json text,
    after_json text
);

create index audit_log_by_entity on audit_log (entity, entity_id);
