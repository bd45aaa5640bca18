-- The derived status periods also hold each initiative's overall health, so
-- that health over time is counted from these few rows, as completion is,
-- rather than from every update: a period is now a span of days with one
-- status and one health. Rebuilt here from the updates by the rule of
-- domain::history::status_periods (the latest effective update of a day
-- counts; consecutive days alike make one period); a test holds the two to
-- the same answer.
drop table status_period;

create table status_period (
    initiative_id bigint not null references initiative (id),
    valid_from date not null,
    -- Exclusive; null while the period lasts.
    valid_until date,
    status text not null,
    health text not null,
    primary key (initiative_id, valid_from)
);

insert into status_period (initiative_id, valid_from, valid_until, status, health)
select initiative_id, as_of, lead(as_of) over (partition by initiative_id order by as_of),
       status, health
from (
    select initiative_id, as_of, status, health,
           lag(status) over (partition by initiative_id order by as_of) as previous_status,
           lag(health) over (partition by initiative_id order by as_of) as previous_health
    from (
        select u.initiative_id, u.as_of, u.status, u.health,
               row_number() over (partition by u.initiative_id, u.as_of order by u.id desc) as latest
        from status_update u
        where not exists (select 1 from status_update c where c.supersedes = u.id)
    ) effective
    where latest = 1
) daily
where previous_status is null or previous_status <> status or previous_health <> health;
