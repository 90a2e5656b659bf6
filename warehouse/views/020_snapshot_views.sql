-- Views across snapshots: the newest report of each year, and re-programming between reports.

create or replace view v_activity_month_latest as
with
    months as (select * from v_activity_month),
    latest as (
        select report_year, max(report_quarter) as report_quarter
        from dim_report
        group by report_year
    ),
    final as (
        select months.*
        from months
        inner join latest
            on latest.report_year = months.report_year and latest.report_quarter = months.report_quarter
    )
select * from final;

create or replace view v_reprogramming as
with
    months as (select * from v_activity_month),
    sequenced as (
        select
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
        window w as (partition by report_year, unit_name, activity_name, month order by report_quarter)
    ),
    final as (
        select
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
