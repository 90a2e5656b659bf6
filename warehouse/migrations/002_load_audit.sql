-- One row per attempt to load a report file, whatever its outcome.
create sequence load_audit_seq start 1;

create table load_audit (
    audit_id            bigint primary key default nextval('load_audit_seq'),
    flow_run_id         varchar,                 -- Prefect flow run of load-poi-report
    source_file         varchar not null,
    source_path         varchar not null,
    source_sha256       varchar,
    report_year         integer,
    report_quarter      integer,
    rows_in             integer not null,
    rows_exact          integer not null,
    rows_repaired       integer not null,
    rows_ambiguous      integer not null,
    rows_inconsistent   integer not null,
    rows_unresolved     integer not null,
    gate_summary        varchar,
    gate_failures       varchar,                 -- one failed expectation per line
    extract_seconds     double,
    transform_seconds   double,
    validate_seconds    double,
    load_seconds        double,
    outcome             varchar not null check (outcome in ('loaded', 'skipped', 'blocked', 'failed')),
    error_message       varchar,
    started_at          timestamp not null,
    finished_at         timestamp not null
);
