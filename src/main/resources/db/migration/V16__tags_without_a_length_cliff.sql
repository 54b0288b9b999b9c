-- A situation may name up to 2,000 organisations, and each becomes an org: tag; 4,000 characters of tags
-- turned a valid situation into a database error. Tags now take any length (VARCHAR without a length is
-- unbounded on PostgreSQL and up to a million characters on H2), and the LIKE search over them is unchanged.
alter table audit_record alter column tags set data type varchar;
