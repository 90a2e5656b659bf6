-- Copy the one loaded snapshot (the sample, as entity BENCHSRC) into $entities entities x 4 quarterly
-- snapshots of the same year, then remove the original. Keys are made from the entity number and the
-- member's rank; from the III quarter on, every fifth activity programs one more in each month of the
-- IV quarter, so the re-programming panel has something to show.
create temporary table src_activity as
select
    activities.*,
    units.unit_name,
    dense_rank() over (order by units.unit_name) as unit_rank,
    row_number() over (order by activities.activity_id) as activity_rank
from dim_activity as activities
inner join dim_unit as units on units.unit_id = activities.unit_id;

create temporary table src_report as select * from dim_report;
create temporary table src_row as select * from fct_activity_row;
create temporary table src_month as select * from fct_activity_month;
create temporary table src_quarter as select * from fct_activity_quarter;
create temporary table src_finding as select * from dq_finding;
create temporary table src_candidate as select * from dq_cell_candidate;
create temporary table bench_entity as select range as n, 100000 + range as entity_id from range($entities);
create temporary table bench_report as
select bench_entity.*, quarter.range as report_quarter, (100000 + n) * 10 + quarter.range as report_id
from bench_entity cross join range(1, 5) as quarter;

delete from dq_cell_candidate;
delete from dq_finding;
delete from fct_activity_quarter;
delete from fct_activity_month;
delete from fct_activity_row;
delete from dim_activity;
delete from dim_unit;
delete from dim_report;
delete from dim_entity where entity_code = 'BENCHSRC';

insert into dim_entity
select entity_id, 'E' || lpad(n::varchar, 4, '0'), 'Entidad de prueba ' || n, 'Pruebas', null from bench_entity;

insert into dim_report
select
    bench_report.report_id, bench_report.entity_id, src.report_year, bench_report.report_quarter,
    'poi_' || src.report_year || '_t' || bench_report.report_quarter || '.txt', 'bench-' || bench_report.report_id,
    src.source_date, src.n_pages, src.n_rows, src.loaded_at
from bench_report cross join src_report as src;

insert into dim_unit
select distinct entity_id * 1000 + unit_rank, entity_id, unit_name from bench_entity cross join src_activity;

insert into dim_activity
select entity_id * 1000 + activity_rank, entity_id * 1000 + unit_rank, activity_name, mef_category, unit_of_measure
from bench_entity cross join src_activity;

insert into fct_activity_row
select
    bench_report.report_id, bench_report.entity_id * 1000 + a.activity_rank, r.source_line, r.page, r.row_status,
    r.meta_anual, r.total_programmed, r.total_executed, r.n_readings, r.raw_fields
from bench_report
cross join src_row as r
inner join src_activity as a on a.activity_id = r.activity_id;

insert into fct_activity_month
select
    bench_report.report_id, bench_report.entity_id * 1000 + a.activity_rank, m.month_id,
    m.programmed + case when bench_report.report_quarter >= 3 and m.month_id % 100 >= 10 and a.activity_rank % 5 = 0
        then 1 else 0 end,
    m.executed
from bench_report
cross join src_month as m
inner join src_activity as a on a.activity_id = m.activity_id;

insert into fct_activity_quarter
select bench_report.report_id, bench_report.entity_id * 1000 + a.activity_rank, q.quarter, q.programmed, q.executed
from bench_report
cross join src_quarter as q
inner join src_activity as a on a.activity_id = q.activity_id;

insert into dq_finding
select bench_report.report_id, f.page, f.source_line, f.rule, f.detail from bench_report cross join src_finding as f;

insert into dq_cell_candidate
select bench_report.report_id, c.page, c.source_line, c.slot, c.measure, c.month, c.quarter, c.candidate
from bench_report cross join src_candidate as c;
