-- The feeds list the latest status updates recorded: newest first, by
-- recorded_at then id, without sorting the whole history.
create index status_update_recorded on status_update (recorded_at, id);
