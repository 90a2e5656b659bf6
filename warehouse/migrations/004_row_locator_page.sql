-- A row is located by (page, source_line): an XLSX workbook with one page block per sheet numbers each
-- sheet's rows from 1. fct_activity_row's uniqueness moves from (report_id, source_line) to
-- (report_id, page, source_line), and the findings and candidates gain the row's page.
-- DuckDB cannot drop a constraint, so the three tables are rebuilt: their rows are copied aside, the
-- tables dropped and created again under their own names (a table created under another name and
-- renamed leaves that name in its parents' catalog entries, and the parents could never be dropped).

create temp table keep_activity_row as select * from fct_activity_row;
create temp table keep_finding as
select findings.*, rows.page
from dq_finding as findings
left join fct_activity_row as rows
    on rows.report_id = findings.report_id and rows.source_line = findings.source_line;
create temp table keep_cell_candidate as
select candidates.*, rows.page
from dq_cell_candidate as candidates
inner join fct_activity_row as rows
    on rows.report_id = candidates.report_id and rows.source_line = candidates.source_line;

drop table dq_cell_candidate;
drop table dq_finding;
drop table fct_activity_row;

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

insert into fct_activity_row by name select * from keep_activity_row;
insert into dq_finding by name select * from keep_finding;
insert into dq_cell_candidate by name select * from keep_cell_candidate;
drop table keep_activity_row;
drop table keep_finding;
drop table keep_cell_candidate;
