-- Replace one report snapshot from the staged frames (run inside one transaction).
-- Staged relations: staged_dim_report, staged_dim_unit, staged_dim_activity, staged_dim_month,
-- staged_fct_activity_row, staged_fct_activity_month, staged_fct_activity_quarter, staged_dq_finding,
-- staged_dq_cell_candidate.
-- dim_report is updated in place, not deleted: DuckDB checks foreign keys against the
-- pre-transaction state, so a parent row cannot be deleted and re-inserted in one transaction.

delete from dq_finding where report_id in (select report_id from staged_dim_report);
delete from dq_cell_candidate where report_id in (select report_id from staged_dim_report);
delete from fct_activity_month where report_id in (select report_id from staged_dim_report);
delete from fct_activity_quarter where report_id in (select report_id from staged_dim_report);
delete from fct_activity_row where report_id in (select report_id from staged_dim_report);

-- The entity: new ones named by their code until a list names them; a listed name (or sector,
-- ubigeo) replaces the one stored, an unlisted load keeps it.
insert into dim_entity by name
select entity_id, entity_code, coalesce(entity_name, entity_code) as entity_name, sector, ubigeo
from staged_dim_entity
where entity_id not in (select entity_id from dim_entity);

update dim_entity
set
    entity_name = staged.entity_name,
    sector = coalesce(staged.sector, dim_entity.sector),
    ubigeo = coalesce(staged.ubigeo, dim_entity.ubigeo)
from staged_dim_entity as staged
where dim_entity.entity_id = staged.entity_id and staged.entity_name is not null;

insert into dim_report by name
select * from staged_dim_report
where report_id not in (select report_id from dim_report);

update dim_report
set
    source_file = staged.source_file,
    source_sha256 = staged.source_sha256,
    source_date = staged.source_date,
    n_pages = staged.n_pages,
    n_rows = staged.n_rows,
    loaded_at = staged.loaded_at
from staged_dim_report as staged
where dim_report.report_id = staged.report_id;

insert or ignore into dim_unit by name select * from staged_dim_unit;
insert or ignore into dim_activity by name select * from staged_dim_activity;
insert or ignore into dim_month by name select * from staged_dim_month;

insert into fct_activity_row by name select * from staged_fct_activity_row;
insert into fct_activity_month by name select * from staged_fct_activity_month;
insert into fct_activity_quarter by name select * from staged_fct_activity_quarter;
insert into dq_finding by name
select
    cast(report_id as bigint) as report_id,
    cast(page as integer) as page,
    cast(source_line as integer) as source_line,
    cast(rule as varchar) as rule,
    cast(detail as varchar) as detail
from staged_dq_finding;
insert into dq_cell_candidate by name
select
    cast(report_id as bigint) as report_id,
    cast(page as integer) as page,
    cast(source_line as integer) as source_line,
    cast(slot as varchar) as slot,
    cast(measure as varchar) as measure,
    cast(month as integer) as month,
    cast(quarter as integer) as quarter,
    cast(candidate as bigint) as candidate
from staged_dq_cell_candidate;
