-- People who sign in: administrators, editors, viewers. The password is
-- stored as an argon2id hash (PHC string), never in clear and never in the
-- audit log. Accounts are disabled, not deleted: the audit log names them.
create table account (
    id integer primary key,
    email text not null,
    name text not null,
    role text not null check (role in ('administrator', 'editor', 'viewer')),
    password_hash text not null,
    disabled boolean not null default false,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- E-mail addresses are stored lowercased and unique.
create unique index account_by_email on account (email);
