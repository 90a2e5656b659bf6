-- Rows of one snapshot by row_status.
select row_status, count(*) as activity_rows
from v_activity_year
where entity_code = $entity_code
  and report_year = $report_year
  and report_quarter = $report_quarter
group by row_status
order by row_status
