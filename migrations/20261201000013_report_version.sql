-- A saved version of the information-sharing report, as an editor adjusted
-- it: append-only (a new version is a new row), the report itself as JSON
-- (its sections and items, in its language), read back as saved.
create table report_version (
    id integer primary key,
    period_from date not null,
    period_to date not null,
    language text not null check (language in ('fr', 'en')),
    generated_on date not null,
    report_json text not null,
    saved_by text not null,
    saved_at timestamptz not null,
    check (period_from <= period_to)
);

create index report_version_saved on report_version (saved_at, id);
