-- Analyst layer: execution rate (executed / programmed) per organic unit and quarter, and per entity.
-- Sums use only rows whose programmed and executed values are both determined; the rows left out
-- are counted in undetermined_rows, so a rate is never silently computed from partial data.

create or replace view v_execution_rate as
with
    quarters as (select * from v_activity_quarter),
    final as (
        select
            entity_code,
            entity_name,
            report_year,
            report_quarter,
            unit_name,
            quarter,
            count(*) as activity_rows,
            sum(programmed) filter (where programmed is not null and executed is not null) as programmed,
            sum(executed) filter (where programmed is not null and executed is not null) as executed,
            round(
                sum(executed) filter (where programmed is not null and executed is not null)
                / nullif(sum(programmed) filter (where programmed is not null and executed is not null), 0),
                4
            ) as execution_rate,
            count(*) filter (where programmed is null or executed is null) as undetermined_rows
        from quarters
        where quarter <= report_quarter
        group by entity_code, entity_name, report_year, report_quarter, unit_name, quarter
    )
select * from final;

-- One row per entity, year and quarter up to the cut-off, from the entity's newest report of the year:
-- what it programmed and executed (determined rows only), the rate, and its rows by status.
create or replace view v_entity_execution as
with
    quarters as (select * from v_activity_quarter),
    rows as (select * from v_activity_year),
    latest as (
        select entity_code, report_year, max(report_quarter) as report_quarter
        from rows
        group by entity_code, report_year
    ),
    newest_quarters as (
        select quarters.*
        from quarters
        inner join latest using (entity_code, report_year, report_quarter)
        where quarters.quarter <= quarters.report_quarter
    ),
    amounts as (
        select
            entity_code,
            entity_name,
            report_year,
            report_quarter,
            quarter,
            sum(programmed) filter (where programmed is not null and executed is not null) as programmed,
            sum(executed) filter (where programmed is not null and executed is not null) as executed,
            count(*) filter (where programmed is null or executed is null) as undetermined_rows
        from newest_quarters
        group by entity_code, entity_name, report_year, report_quarter, quarter
    ),
    statuses as (
        select
            entity_code,
            report_year,
            count(*) as activity_rows,
            count(*) filter (where row_status = 'exact') as rows_exact,
            count(*) filter (where row_status = 'repaired') as rows_repaired,
            count(*) filter (where row_status = 'ambiguous') as rows_ambiguous,
            count(*) filter (where row_status = 'inconsistent') as rows_inconsistent,
            count(*) filter (where row_status = 'unresolved') as rows_unresolved
        from rows
        inner join latest using (entity_code, report_year, report_quarter)
        group by entity_code, report_year
    ),
    final as (
        select
            amounts.entity_code,
            amounts.entity_name,
            amounts.report_year,
            amounts.report_quarter,
            amounts.quarter,
            amounts.programmed,
            amounts.executed,
            round(amounts.executed / nullif(amounts.programmed, 0), 4) as execution_rate,
            amounts.undetermined_rows,
            statuses.activity_rows,
            statuses.rows_exact,
            statuses.rows_repaired,
            statuses.rows_ambiguous,
            statuses.rows_inconsistent,
            statuses.rows_unresolved
        from amounts
        inner join statuses using (entity_code, report_year)
    )
select * from final;
