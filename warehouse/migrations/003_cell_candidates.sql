-- The values a cell loaded as NULL may hold: what the tied readings of an `ambiguous` (or
-- `inconsistent`) row give it, one row per value. Reports loaded before this migration have none
-- until they are read again (`poi-etl run <files> --reload`).
create table dq_cell_candidate (
    report_id    bigint not null references dim_report (report_id),
    source_line  integer not null,
    slot         varchar not null,            -- the cell as dq_finding names it: prog_04, q3_exec, total_exec, ...
    measure      varchar not null check (measure in ('meta_anual', 'programmed', 'executed')),
    month        integer check (month between 1 and 12),   -- null for quarter cells, totals and META ANUAL
    quarter      integer check (quarter between 1 and 4),  -- null for totals and META ANUAL
    candidate    bigint check (candidate >= 0)             -- null: a reading takes the cell for a footnote-only one
);
