-- The files whose snapshots are loaded: (entity_code, source_sha256), one row per snapshot.
select e.entity_code, r.source_sha256
from dim_report as r
inner join dim_entity as e on r.entity_id = e.entity_id
