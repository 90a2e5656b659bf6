-- The index: one row per entity with its newest year, that year's newest snapshot and, up to its cut-off,
-- what it programmed and executed (rows whose values are determined), the rate and the rows by status.
with
    execution as (select * from v_entity_execution),
    entities as (select * from dim_entity),
    reports as (select * from dim_report),
    snapshots as (
        select entity_id, count(*) as snapshots, count(distinct report_year) as years
        from reports
        group by entity_id
    ),
    newest_year as (
        select entity_code, max(report_year) as report_year
        from execution
        group by entity_code
    ),
    final as (
        select
            execution.entity_code,
            any_value(execution.entity_name) as entity_name,
            any_value(entities.sector) as sector,
            execution.report_year,
            any_value(execution.report_quarter) as report_quarter,
            any_value(snapshots.snapshots) as snapshots,
            any_value(snapshots.years) as years,
            sum(execution.programmed) as programmed,
            sum(execution.executed) as executed,
            round(sum(execution.executed) / nullif(sum(execution.programmed), 0), 4) as execution_rate,
            any_value(execution.activity_rows) as activity_rows,
            any_value(execution.activity_rows - execution.rows_exact - execution.rows_repaired) as flagged_rows
        from execution
        inner join newest_year using (entity_code, report_year)
        inner join entities on entities.entity_code = execution.entity_code
        inner join snapshots on snapshots.entity_id = entities.entity_id
        group by execution.entity_code, execution.report_year
    )
select * from final
order by entity_code
