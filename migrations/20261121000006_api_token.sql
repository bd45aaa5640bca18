-- Bearer tokens for other systems, each acting as one account. Only the
-- SHA-256 digest of a token is stored; the token itself is shown once.
create table api_token (
    id integer primary key,
    account_id bigint not null references account (id),
    digest text not null unique,
    label text not null default '',
    created_at timestamptz not null,
    revoked_at timestamptz
);

create index api_token_by_account on api_token (account_id);
