-- Contract views for analysts: names and columns are a published interface; add, never rename.

create or replace view v_activity_year as
with
    rows as (select * from fct_activity_row),
    reports as (select * from dim_report),
    entities as (select * from dim_entity),
    activities as (select * from dim_activity),
    units as (select * from dim_unit),
    final as (
        select
            entities.entity_code,
            entities.entity_name,
            reports.report_year,
            reports.report_quarter,
            reports.source_file,
            rows.source_line,
            units.unit_name,
            activities.activity_name,
            rows.meta_anual,
            rows.total_programmed,
            rows.total_executed,
            rows.row_status
        from rows
        inner join reports on reports.report_id = rows.report_id
        inner join entities on entities.entity_id = reports.entity_id
        inner join activities on activities.activity_id = rows.activity_id
        inner join units on units.unit_id = activities.unit_id
    )
select * from final;

create or replace view v_activity_month as
with
    months as (select * from fct_activity_month),
    rows as (select * from fct_activity_row),
    reports as (select * from dim_report),
    entities as (select * from dim_entity),
    activities as (select * from dim_activity),
    units as (select * from dim_unit),
    calendar as (select * from dim_month),
    final as (
        select
            entities.entity_code,
            entities.entity_name,
            reports.report_year,
            reports.report_quarter,
            reports.source_file,
            rows.source_line,
            rows.page,
            activities.mef_category,
            units.unit_name,
            activities.activity_name,
            activities.unit_of_measure,
            calendar.month,
            months.programmed,
            case when calendar.quarter > reports.report_quarter then null else months.executed end as executed,
            rows.row_status
        from months
        inner join rows
            on rows.report_id = months.report_id and rows.activity_id = months.activity_id
        inner join reports on reports.report_id = months.report_id
        inner join entities on entities.entity_id = reports.entity_id
        inner join activities on activities.activity_id = months.activity_id
        inner join units on units.unit_id = activities.unit_id
        inner join calendar on calendar.month_id = months.month_id
    )
select * from final;

create or replace view v_activity_quarter as
with
    quarters as (select * from fct_activity_quarter),
    rows as (select * from fct_activity_row),
    reports as (select * from dim_report),
    entities as (select * from dim_entity),
    activities as (select * from dim_activity),
    units as (select * from dim_unit),
    final as (
        select
            entities.entity_code,
            entities.entity_name,
            reports.report_year,
            reports.report_quarter,
            reports.source_file,
            rows.source_line,
            units.unit_name,
            activities.activity_name,
            quarters.quarter,
            quarters.programmed,
            case when quarters.quarter > reports.report_quarter then null else quarters.executed end as executed,
            rows.row_status
        from quarters
        inner join rows
            on rows.report_id = quarters.report_id and rows.activity_id = quarters.activity_id
        inner join reports on reports.report_id = quarters.report_id
        inner join entities on entities.entity_id = reports.entity_id
        inner join activities on activities.activity_id = quarters.activity_id
        inner join units on units.unit_id = activities.unit_id
    )
select * from final;

create or replace view v_data_quality as
with
    findings as (select * from dq_finding),
    reports as (select * from dim_report),
    entities as (select * from dim_entity),
    rows as (select * from fct_activity_row),
    activities as (select * from dim_activity),
    units as (select * from dim_unit),
    final as (
        select
            entities.entity_code,
            entities.entity_name,
            reports.report_year,
            reports.report_quarter,
            reports.source_file,
            findings.source_line,
            findings.page,
            units.unit_name,
            activities.activity_name,
            rows.row_status,
            findings.rule,
            findings.detail,
            rows.raw_fields
        from findings
        inner join reports on reports.report_id = findings.report_id
        inner join entities on entities.entity_id = reports.entity_id
        left join rows
            on rows.report_id = findings.report_id
            and rows.page = findings.page
            and rows.source_line = findings.source_line
        left join activities on activities.activity_id = rows.activity_id
        left join units on units.unit_id = activities.unit_id
    )
select * from final;

create or replace view v_open_cell as
with
    candidates as (select * from dq_cell_candidate),
    reports as (select * from dim_report),
    entities as (select * from dim_entity),
    rows as (select * from fct_activity_row),
    activities as (select * from dim_activity),
    units as (select * from dim_unit),
    cells as (
        select
            report_id,
            page,
            source_line,
            slot,
            measure,
            month,
            quarter,
            list(candidate order by candidate) filter (where candidate is not null) as candidates,
            min(candidate) as low,
            max(candidate) as high,
            bool_or(candidate is null) as may_be_footnote_only
        from candidates
        group by report_id, page, source_line, slot, measure, month, quarter
    ),
    final as (
        select
            entities.entity_code,
            entities.entity_name,
            reports.report_year,
            reports.report_quarter,
            reports.source_file,
            cells.source_line,
            cells.page,
            units.unit_name,
            activities.activity_name,
            rows.row_status,
            cells.slot,
            cells.measure,
            cells.month,
            cells.quarter,
            cells.candidates,
            cells.low,
            cells.high,
            cells.may_be_footnote_only,
            rows.raw_fields
        from cells
        inner join reports on reports.report_id = cells.report_id
        inner join entities on entities.entity_id = reports.entity_id
        left join rows
            on rows.report_id = cells.report_id
            and rows.page = cells.page
            and rows.source_line = cells.source_line
        left join activities on activities.activity_id = rows.activity_id
        left join units on units.unit_id = activities.unit_id
    )
select * from final;
