-- Through what each change came: browser, import, api, cli, demo or
-- synthetic. Rows written before this column existed say ''.
alter table audit_log add column via text not null default '';
