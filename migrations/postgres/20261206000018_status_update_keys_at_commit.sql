-- A status update's keys are checked when its transaction commits, as on
-- SQLite (see migrations/sqlite/, same version, for why).
alter table status_update
    alter constraint status_update_initiative_id_fkey deferrable initially deferred;
alter table status_update
    alter constraint status_update_supersedes_fkey deferrable initially deferred;
