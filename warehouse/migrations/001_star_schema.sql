-- The star schema: conformed dimensions shared by every report snapshot, facts keyed by report.
create table dim_report (
    report_id       bigint primary key,      -- year * 10 + cut-off quarter (2017 IV -> 20174)
    report_year     integer not null,
    report_quarter  integer not null check (report_quarter between 1 and 4),
    source_file     varchar not null,        -- base name of the loaded file
    source_sha256   varchar not null,
    source_date     date,                    -- "Fuente: ... al DD/MM/YYYY"
    n_pages         integer not null,
    n_rows          integer not null,
    loaded_at       timestamp not null,
    unique (report_year, report_quarter)
);

create table dim_unit (
    unit_id    bigint primary key,
    unit_name  varchar not null unique      -- Unidad Orgánica
);

create table dim_activity (
    activity_id      bigint primary key,
    unit_id          bigint not null references dim_unit (unit_id),
    activity_name    varchar not null,      -- ACTIVIDAD POI
    mef_category     varchar not null,      -- MEF
    unit_of_measure  varchar not null       -- UNIDAD DE MEDIDA
);

create table dim_month (
    month_id    integer primary key,        -- year * 100 + month
    year        integer not null,
    month       integer not null check (month between 1 and 12),
    quarter     integer not null check (quarter between 1 and 4),
    month_name  varchar not null
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
    unique (report_id, source_line)
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
    source_line  integer,                   -- null for a finding about the whole report
    rule         varchar not null,
    detail       varchar not null
);
