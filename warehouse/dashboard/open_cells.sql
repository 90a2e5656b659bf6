-- The rows of one snapshot with cells left NULL that the text narrows down: each cell with its candidates
-- (what v_open_cell gives, read from the snapshot's own rows: the view folds every snapshot's cells first).
with
    candidates as (select * from dq_cell_candidate where report_id = $report_id),
    rows as (select * from fct_activity_row where report_id = $report_id),
    reports as (select * from dim_report where report_id = $report_id),
    activities as (select * from dim_activity),
    units as (select * from dim_unit),
    cells as (
        select
            page,
            source_line,
            slot,
            list(candidate order by candidate) filter (where candidate is not null) as candidates
        from candidates
        group by page, source_line, slot
    ),
    final as (
        select
            reports.source_file,
            cells.page,
            cells.source_line,
            units.unit_name,
            activities.activity_name,
            rows.row_status,
            count(*) as open_cells,
            string_agg(cells.slot || ' (' || array_to_string(cells.candidates, ' o ') || ')', ', ' order by cells.slot)
                as candidates
        from cells
        cross join reports
        left join rows on rows.page = cells.page and rows.source_line = cells.source_line
        left join activities on activities.activity_id = rows.activity_id
        left join units on units.unit_id = activities.unit_id
        group by reports.source_file, cells.page, cells.source_line, units.unit_name, activities.activity_name,
            rows.row_status
    )
select * from final
order by page, source_line
