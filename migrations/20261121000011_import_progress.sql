-- An import batch is checked, then imported, by a background task that
-- records how far it has got (for the progress bar) and when it last said
-- so (a task silent for long was interrupted: its transaction, and so the
-- import, did not happen). report_json holds 'null' while checking.
alter table import_batch add column state text not null default 'checked';
alter table import_batch add column rows_done bigint not null default 0;
alter table import_batch add column rows_total bigint not null default 0;
alter table import_batch add column heartbeat_at timestamptz;
