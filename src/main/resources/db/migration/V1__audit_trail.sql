-- The audit trail: one append-only table of records, each hash-chained to the one before it.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

create table audit_record (
    seq             bigint        not null primary key,   -- position in the chain, 1, 2, 3, ... without gaps
    id              varchar(64)   not null unique,
    kind            varchar(40)   not null,                -- EVALUATION, BATCH, EXERCISE_STEP, RULESET_ACTIVATION, ...
    subject         varchar(200),                          -- what the record belongs to: a batch, an exercise, a rerun's original
    recorded_at     timestamp with time zone not null,
    actor           varchar(200)  not null,
    ruleset_version varchar(100),
    as_of           timestamp with time zone,              -- the moment the input describes (a situation's asOf)
    tags            varchar(4000) not null,                -- ",org:LTHT,trigger:T3,breach:P7," for filtering
    input_json      text          not null,
    result_json     text          not null,
    prev_hash       varchar(64)   not null,
    hash            varchar(64)   not null
);

create index audit_record_kind_seq on audit_record (kind, seq);
create index audit_record_recorded_at on audit_record (recorded_at);
create index audit_record_as_of on audit_record (as_of);
create index audit_record_subject on audit_record (subject);

-- One row naming the newest record: appends lock it (select ... for update), so every writer,
-- in this process or another sharing the database, extends one chain.
create table audit_chain_head (
    id   int         not null primary key,
    seq  bigint      not null,
    hash varchar(64) not null
);

insert into audit_chain_head (id, seq, hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
