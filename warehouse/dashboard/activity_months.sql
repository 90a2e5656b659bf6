-- One row per activity row and month of one snapshot: what the cumulative and the behind panels add up.
-- `is_determined` is false for a cell the report leaves undetermined (NULL programmed, or NULL executed
-- up to the cut-off); executed after the cut-off is NULL by definition and is not undetermined.
with
    months as (select * from v_activity_month),
    final as (
        select
            unit_name,
            activity_name,
            unit_of_measure,
            page,
            source_line,
            row_status,
            month,
            programmed,
            executed,
            (month - 1) // 3 + 1 <= report_quarter as is_reported,
            programmed is not null and (executed is not null or (month - 1) // 3 + 1 > report_quarter) as is_determined
        from months
        where entity_code = $entity_code
          and report_year = $report_year
          and report_quarter = $report_quarter
    )
select * from final
order by unit_name, activity_name, page, source_line, month
