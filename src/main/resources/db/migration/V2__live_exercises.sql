-- Live desk-top exercises, so that any instance sharing the database can carry one on. An exercise is kept as
-- the file it started from and the moves applied since (rebuilt by replaying them); version counts the saves
-- for optimistic concurrency: a step is kept only if nobody else moved the exercise on first.
-- Every start, step and end also joins the audit trail, in the same transaction as the change here.

create table live_exercise (
    id              varchar(64)   not null primary key,
    actor           varchar(200)  not null,
    created_at      timestamp with time zone not null,
    ruleset_version varchar(100),
    exercise_json   text          not null,
    moves_json      text          not null,                -- a JSON array: {"scripted": true} or {"inject": {...}}
    version         bigint        not null,
    ended_at        timestamp with time zone               -- set when the exercise is ended; the row stays as evidence
);
