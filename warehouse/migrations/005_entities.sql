-- Many public entities in one warehouse: a report snapshot is (entity, year, cut-off quarter), and an
-- organic unit belongs to its entity. Every row loaded before goes to the default entity (entity_id 0,
-- code 'default'), whose keys are the keys a single-entity warehouse has always had, so no key changes.
-- DuckDB cannot drop a constraint, so every table of the star is rebuilt under its own name (see 004),
-- its rows copied aside first, in this migration's one transaction: a process killed meanwhile leaves
-- the old schema, never a mix.

create temp table keep_report as select * from dim_report;
create temp table keep_unit as select * from dim_unit;
create temp table keep_activity as select * from dim_activity;
create temp table keep_activity_row as select * from fct_activity_row;
create temp table keep_activity_month as select * from fct_activity_month;
create temp table keep_activity_quarter as select * from fct_activity_quarter;
create temp table keep_finding as select * from dq_finding;
create temp table keep_cell_candidate as select * from dq_cell_candidate;

drop table dq_cell_candidate;
drop table dq_finding;
drop table fct_activity_quarter;
drop table fct_activity_month;
drop table fct_activity_row;
drop table dim_activity;
drop table dim_unit;
drop table dim_report;

create table dim_entity (
    entity_id    bigint primary key,        -- 0: the default entity; else a hash of the code
    entity_code  varchar not null unique,   -- as given with --entity, a folder name or POI_ENTITY
    entity_name  varchar not null,
    sector       varchar,
    ubigeo       varchar
);
insert into dim_entity values (0, 'default', 'default', null, null);

create table dim_report (
    report_id       bigint primary key,      -- default entity: year * 10 + quarter; else a hash
    entity_id       bigint not null references dim_entity (entity_id),
    report_year     integer not null,
    report_quarter  integer not null check (report_quarter between 1 and 4),
    source_file     varchar not null,
    source_sha256   varchar not null,
    source_date     date,
    n_pages         integer not null,
    n_rows          integer not null,
    loaded_at       timestamp not null,
    unique (entity_id, report_year, report_quarter)
);

create table dim_unit (
    unit_id    bigint primary key,
    entity_id  bigint not null references dim_entity (entity_id),
    unit_name  varchar not null,
    unique (entity_id, unit_name)
);

create table dim_activity (
    activity_id      bigint primary key,
    unit_id          bigint not null references dim_unit (unit_id),
    activity_name    varchar not null,
    mef_category     varchar not null,
    unit_of_measure  varchar not null
);

create table fct_activity_row (
    report_id         bigint not null references dim_report (report_id),
    activity_id       bigint not null references dim_activity (activity_id),
    source_line       integer not null,
    page              integer not null,
    row_status        varchar not null
        check (row_status in ('exact', 'repaired', 'ambiguous', 'inconsistent', 'unresolved')),
    meta_anual        bigint,
    total_programmed  bigint,
    total_executed    bigint,
    n_readings        integer not null,
    raw_fields        varchar not null,
    primary key (report_id, activity_id),
    unique (report_id, page, source_line)
);

create table fct_activity_month (
    report_id    bigint not null references dim_report (report_id),
    activity_id  bigint not null references dim_activity (activity_id),
    month_id     integer not null references dim_month (month_id),
    programmed   bigint check (programmed >= 0),
    executed     bigint check (executed >= 0),
    primary key (report_id, activity_id, month_id)
);

create table fct_activity_quarter (
    report_id    bigint not null references dim_report (report_id),
    activity_id  bigint not null references dim_activity (activity_id),
    quarter      integer not null check (quarter between 1 and 4),
    programmed   bigint check (programmed >= 0),
    executed     bigint check (executed >= 0),
    primary key (report_id, activity_id, quarter)
);

create table dq_finding (
    report_id    bigint not null references dim_report (report_id),
    page         integer,                   -- null for a finding about the whole report
    source_line  integer,                   -- null for a finding about the whole report
    rule         varchar not null,
    detail       varchar not null
);

create table dq_cell_candidate (
    report_id    bigint not null references dim_report (report_id),
    page         integer not null,
    source_line  integer not null,
    slot         varchar not null,
    measure      varchar not null check (measure in ('meta_anual', 'programmed', 'executed')),
    month        integer check (month between 1 and 12),
    quarter      integer check (quarter between 1 and 4),
    candidate    bigint check (candidate >= 0)
);

insert into dim_report by name select *, 0 as entity_id from keep_report;
insert into dim_unit by name select *, 0 as entity_id from keep_unit;
insert into dim_activity by name select * from keep_activity;
insert into fct_activity_row by name select * from keep_activity_row;
insert into fct_activity_month by name select * from keep_activity_month;
insert into fct_activity_quarter by name select * from keep_activity_quarter;
insert into dq_finding by name select * from keep_finding;
insert into dq_cell_candidate by name select * from keep_cell_candidate;
drop table keep_report;
drop table keep_unit;
drop table keep_activity;
drop table keep_activity_row;
drop table keep_activity_month;
drop table keep_activity_quarter;
drop table keep_finding;
drop table keep_cell_candidate;

alter table load_audit add column entity_code varchar;  -- the entity the attempt loaded into
update load_audit set entity_code = 'default';
