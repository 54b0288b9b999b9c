-- The chain is keyed: a record's hash is "hmac:" and 64 hex digits, an HMAC-SHA256 under a key kept outside the
-- database. Records kept before keep their plain 64-digit SHA-256 hashes unchanged.
alter table audit_record alter column hash set data type varchar(100);
alter table audit_record alter column prev_hash set data type varchar(100);
alter table audit_chain_head alter column hash set data type varchar(100);
