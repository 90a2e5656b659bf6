-- The loaded snapshot of one report's (entity, year, quarter), if any: (source_file, source_sha256).
select source_file, source_sha256
from dim_report
where report_id = $report_id;
