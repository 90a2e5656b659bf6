-- Views across snapshots, per entity: the newest report of each year, and re-programming between reports.

create or replace view v_activity_month_latest as
with
    months as (select * from v_activity_month),
    reports as (select * from dim_report),
    entities as (select * from dim_entity),
    latest as (
        select entities.entity_code, reports.report_year, max(reports.report_quarter) as report_quarter
        from reports
        inner join entities on entities.entity_id = reports.entity_id
        group by entities.entity_code, reports.report_year
    ),
    final as (
        select months.*
        from months
        inner join latest
            on latest.entity_code = months.entity_code
            and latest.report_year = months.report_year
            and latest.report_quarter = months.report_quarter
    )
select * from final;

create or replace view v_reprogramming as
with
    months as (select * from v_activity_month),
    sequenced as (
        select
            entity_code,
            entity_name,
            report_year,
            unit_name,
            activity_name,
            month,
            report_quarter,
            source_file,
            programmed,
            lag(report_quarter) over w as previous_quarter,
            lag(source_file) over w as previous_file,
            lag(programmed) over w as previous_programmed
        from months
        window w as (partition by entity_code, report_year, unit_name, activity_name, month order by report_quarter)
    ),
    final as (
        select
            entity_code,
            entity_name,
            report_year,
            unit_name,
            activity_name,
            month,
            previous_quarter as from_quarter,
            report_quarter as to_quarter,
            previous_file as from_file,
            source_file as to_file,
            previous_programmed as programmed_before,
            programmed as programmed_after,
            programmed - previous_programmed as change
        from sequenced
        where previous_quarter is not null
          and previous_programmed is not null
          and programmed is not null
          and programmed <> previous_programmed
    )
select * from final;
