-- The inconsistent rows of one snapshot with the identities their printed values break.
select
    source_file,
    page,
    source_line,
    unit_name,
    activity_name,
    rule,
    detail
from v_data_quality
where entity_code = $entity_code
  and report_year = $report_year
  and report_quarter = $report_quarter
  and row_status = 'inconsistent'
  and rule = 'identity'
order by page, source_line
