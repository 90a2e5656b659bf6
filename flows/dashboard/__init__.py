"""The offline execution dashboard: self-contained HTML pages built from the warehouse.

Layout (docs/dashboard.md): beside the warehouse `poi.duckdb`, the folder `poi_dashboard/` holds
`index.html` (one row per entity) and `entities/<code>.html` (one page per entity, a section per year).
`write_entity` and `write_index` are the entry points; `refresh` rebuilds the pages of some entities
and the index, as a run does after it loads their reports.
"""

from flows.dashboard.files import dashboard_dir, entity_file, index_file
from flows.dashboard.panels import Bands
from flows.dashboard.write import refresh, write_all, write_entity, write_index

__all__ = ["Bands", "dashboard_dir", "entity_file", "index_file", "refresh", "write_all", "write_entity", "write_index"]
