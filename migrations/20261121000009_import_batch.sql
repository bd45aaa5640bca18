-- A CSV file uploaded for import: checked by a dry run first, applied (all
-- or nothing) only when its author confirms what the report showed.
create table import_batch (
    id integer primary key,
    account text not null,
    file_name text not null,
    -- Kept only when the dry run found no error: what "import" applies.
    content text,
    report_json text not null,
    created_at timestamptz not null,
    applied_at timestamptz,
    applied_report_json text
);
