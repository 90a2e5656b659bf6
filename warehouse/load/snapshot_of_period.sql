-- The loaded snapshot of one period, if any: (source_file, source_sha256).
select source_file, source_sha256
from dim_report
where report_year = $year and report_quarter = $quarter;
