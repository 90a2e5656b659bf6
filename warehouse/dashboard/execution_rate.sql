-- Heat map: executed / programmed per organic unit and quarter of one snapshot (v_execution_rate as it is).
select
    unit_name,
    quarter,
    activity_rows,
    programmed,
    executed,
    execution_rate,
    undetermined_rows
from v_execution_rate
where entity_code = $entity_code
  and report_year = $report_year
  and report_quarter = $report_quarter
order by unit_name, quarter
