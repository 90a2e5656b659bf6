-- Did the flow run's load commit? Its audit row is written in the load's own transaction.
select count(*) > 0
from load_audit
where flow_run_id = $flow_run_id
  and outcome = 'loaded'
