-- The exercise clock, kept with its exercise so a reload, another instance or a restart shows it where it stands:
-- {"state": "running"|"paused"|"not started", "speed": 60, "exerciseTime": ..., "setAt": ..., "setBy": ...}, the exercise
-- time at the real moment it was last set. Null while nobody has set it (the clock then stands at the current step).
-- A change is guarded by the value it was computed from, so of two changes at once exactly one is kept.

alter table live_exercise add column clock_json varchar(2000);
