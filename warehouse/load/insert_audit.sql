-- Append the staged audit row(s); audit_id comes from its sequence.
insert into load_audit by name
select * from staged_load_audit;
