-- A completion series sums the status periods that start and end on each
-- date, by status (store::read::leaf_status_changes): read in that order
-- from these, with the initiative to tell leaves apart, it needs no sort.
create index status_period_starts on status_period (valid_from, status, initiative_id);
create index status_period_ends on status_period (valid_until, status, initiative_id)
    where valid_until is not null;
