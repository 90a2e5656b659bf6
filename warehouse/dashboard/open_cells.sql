-- The rows of one snapshot with cells left NULL that the text narrows down: each cell with its candidates.
with
    cells as (select * from v_open_cell),
    final as (
        select
            source_file,
            page,
            source_line,
            unit_name,
            activity_name,
            row_status,
            count(*) as open_cells,
            string_agg(slot || ' (' || array_to_string(candidates, ' o ') || ')', ', ' order by slot) as candidates
        from cells
        where entity_code = $entity_code
          and report_year = $report_year
          and report_quarter = $report_quarter
        group by source_file, page, source_line, unit_name, activity_name, row_status
    )
select * from final
order by page, source_line
