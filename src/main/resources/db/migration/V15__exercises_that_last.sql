-- Exercises last: an ended exercise keeps its row, its moves, its participants and its lessons, so its report can
-- be read (and its lessons edited) long after. Only a live exercise started by mistake is deleted, and its audit
-- records stay. Moves are appended one row each, so a step writes the same amount whatever came before it.

alter table live_exercise add column name varchar(400);
alter table live_exercise add column start_at timestamp with time zone;
alter table live_exercise add column join_code varchar(20);
alter table live_exercise add column steps int default 0 not null;

create index live_exercise_ended_at on live_exercise (ended_at);

-- Every move of an exercise in order: {"scripted": true}, {"inject": {...}} or {"decision": {...}}; seq is 0, 1, 2...
create table exercise_move (
    exercise_id varchar(64)   not null,
    seq         bigint        not null,
    move_json   text          not null,
    primary key (exercise_id, seq)
);

-- Who joined the room with the join code: participants record their organisation's decisions, observers only watch.
-- Only the hash of a participant's token is kept.
create table exercise_participant (
    id          varchar(64)   not null primary key,
    exercise_id varchar(64)   not null,
    name        varchar(200)  not null,
    org         varchar(64),
    role        varchar(20)   not null,
    token_hash  varchar(64)   not null unique,
    joined_at   timestamp with time zone not null
);

create index exercise_participant_exercise on exercise_participant (exercise_id);

-- Lessons identified at the debrief, with an owner and a date; editable after the exercise ends.
create table exercise_lesson (
    id          varchar(64)   not null primary key,
    exercise_id varchar(64)   not null,
    text        varchar(4000) not null,
    owner       varchar(200)  not null,
    due         date,
    recorded_at timestamp with time zone not null,
    recorded_by varchar(200)  not null
);

create index exercise_lesson_exercise on exercise_lesson (exercise_id);
