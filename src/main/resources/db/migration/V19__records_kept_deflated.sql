-- A record's input and result are kept as deflated JSON bytes (zlib), and hashed as stored: as JSON text (a large
-- object per column on H2) a Saturday example evaluation took about 185 KB of the embedded H2 file and 27 KB on
-- PostgreSQL; deflated, 47 KB and 16 KB (BENCHMARKS.md, "Audit storage"). hash_format says how a record was hashed: null (every record kept before this version) is the
-- canonical JSON of input_json and result_json; 2 is input_z and result_z, the exact bytes stored (see ChainHash).
-- Records kept before are left as they are, and are checked as they were hashed.

alter table audit_record add column hash_format smallint;
alter table audit_record add column input_z bytea;
alter table audit_record add column result_z bytea;
alter table audit_record alter column input_json drop not null;
alter table audit_record alter column result_json drop not null;
