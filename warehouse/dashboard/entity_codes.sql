-- The entities that have at least one snapshot.
select distinct entities.entity_code
from dim_report as reports
inner join dim_entity as entities on entities.entity_id = reports.entity_id
order by entities.entity_code
