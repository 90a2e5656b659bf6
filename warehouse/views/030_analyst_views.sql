-- Analyst layer: execution rate (executed / programmed) per organic unit and quarter.
-- Sums use only rows whose programmed and executed values are both determined; the rows left out
-- are counted in undetermined_rows, so a rate is never silently computed from partial data.

create or replace view v_execution_rate as
with
    quarters as (select * from v_activity_quarter),
    final as (
        select
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
        group by report_year, report_quarter, unit_name, quarter
    )
select * from final;
