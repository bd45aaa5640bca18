-- An update is corrected at most once: the same rule, over the corrections
-- only. Almost no update is a correction, and the index held an entry for
-- every update (a null): each append, an import's 100,000 among them, wrote
-- one more, and every "is this update corrected?" lookup searched them all.
-- Both databases answer `supersedes = …` from a partial index on
-- `supersedes is not null`.
drop index status_update_corrected_once;
create unique index status_update_corrected_once on status_update (supersedes)
    where supersedes is not null;
