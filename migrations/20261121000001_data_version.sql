-- The version of the stored data, one row. Every write increments it in the
-- same transaction, so any cache keyed on it (rendered pages, open data) is
-- invalidated by the write itself, also across several server instances.
create table data_version (
    id integer primary key check (id = 1),
    version bigint not null default 0
);

insert into data_version (id, version) values (1, 0);
