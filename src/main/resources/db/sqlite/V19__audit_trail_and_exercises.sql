-- SQLite, the embedded default for a new data folder: in one version, the schema that db/migration reaches at V19
-- on PostgreSQL and H2 (SQLite cannot change a column's type, so it does not replay their steps). A later change
-- is a V20 in both folders. What differs, and why:
--  * SQLite does not enforce a varchar's length, so each length is a CHECK constraint: a value too long is refused
--    as on the others (Database#sqlState reads it as data too long, the request's fault).
--  * A moment (timestamp with time zone elsewhere) is UTC text of fixed width to the nanosecond,
--    2019-01-12T07:30:00.000000000Z, so comparing and ordering the text is comparing and ordering the moments
--    (Database#setTime); a date is ISO text, 2026-01-10.
--  * audit_record.seq is "integer primary key", SQLite's row id: the table is kept in seq order and needs no
--    separate index for it.
--  * bytea is blob.

create table audit_record (
    seq             integer       not null primary key,   -- position in the chain, 1, 2, 3, ... without gaps
    id              varchar(64)   not null unique check (length(id) <= 64),
    kind            varchar(40)   not null check (length(kind) <= 40),
    subject         varchar(200)  check (length(subject) <= 200),
    recorded_at     text          not null,
    actor           varchar(200)  not null check (length(actor) <= 200),
    ruleset_version varchar(100)  check (length(ruleset_version) <= 100),
    as_of           text,
    tags            varchar       not null,                -- ",org:LTHT,trigger:T3,breach:P7," for filtering
    input_json      text,                                  -- records are kept as input_z and result_z (hash_format 2)
    result_json     text,
    prev_hash       varchar(100)  not null check (length(prev_hash) <= 100),
    hash            varchar(100)  not null check (length(hash) <= 100),
    hash_format     smallint,
    input_z         blob,
    result_z        blob
);

create index audit_record_kind_seq on audit_record (kind, seq);
create index audit_record_recorded_at on audit_record (recorded_at);
create index audit_record_as_of on audit_record (as_of);
create index audit_record_subject on audit_record (subject);

-- One row naming the newest record; a writer takes the database's write lock first (Database#lockForWriting).
create table audit_chain_head (
    id   int          not null primary key,
    seq  bigint       not null,
    hash varchar(100) not null check (length(hash) <= 100)
);

insert into audit_chain_head (id, seq, hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

create table live_exercise (
    id              varchar(64)   not null primary key check (length(id) <= 64),
    actor           varchar(200)  not null check (length(actor) <= 200),
    created_at      text          not null,
    ruleset_version varchar(100)  check (length(ruleset_version) <= 100),
    exercise_json   text          not null,
    moves_json      text          not null,
    version         bigint        not null,
    ended_at        text,
    name            varchar(400)  check (length(name) <= 400),
    start_at        text,
    join_code       varchar(20)   check (length(join_code) <= 20),
    steps           int           default 0 not null,
    clock_json      varchar(2000) check (length(clock_json) <= 2000)
);

create index live_exercise_ended_at on live_exercise (ended_at);

create table exercise_move (
    exercise_id varchar(64)   not null check (length(exercise_id) <= 64),
    seq         bigint        not null,
    move_json   text          not null,
    primary key (exercise_id, seq)
);

create table exercise_participant (
    id          varchar(64)   not null primary key check (length(id) <= 64),
    exercise_id varchar(64)   not null check (length(exercise_id) <= 64),
    name        varchar(200)  not null check (length(name) <= 200),
    org         varchar(64)   check (length(org) <= 64),
    role        varchar(20)   not null check (length(role) <= 20),
    token_hash  varchar(64)   not null unique check (length(token_hash) <= 64),
    joined_at   text          not null
);

create index exercise_participant_exercise on exercise_participant (exercise_id);

create table exercise_lesson (
    id          varchar(64)   not null primary key check (length(id) <= 64),
    exercise_id varchar(64)   not null check (length(exercise_id) <= 64),
    text        varchar(4000) not null check (length(text) <= 4000),
    owner       varchar(200)  not null check (length(owner) <= 200),
    due         text,
    recorded_at text          not null,
    recorded_by varchar(200)  not null check (length(recorded_by) <= 200)
);

create index exercise_lesson_exercise on exercise_lesson (exercise_id);
