-- The snapshots of one entity, newest first, with the path each file was loaded from (as the audit kept it).
with
    reports as (select * from dim_report),
    entities as (select * from dim_entity),
    audits as (select * from load_audit),
    paths as (
        select entity_code, source_sha256, arg_max(source_path, finished_at) as source_path
        from audits
        where outcome = 'loaded'
        group by entity_code, source_sha256
    ),
    final as (
        select
            entities.entity_code,
            entities.entity_name,
            entities.sector,
            reports.report_id,
            reports.report_year,
            reports.report_quarter,
            reports.source_file,
            paths.source_path,
            reports.source_date,
            reports.n_rows,
            reports.loaded_at
        from reports
        inner join entities on entities.entity_id = reports.entity_id
        left join paths
            on paths.entity_code = entities.entity_code
            and paths.source_sha256 = reports.source_sha256
        where entities.entity_code = $entity_code
    )
select * from final
order by report_year desc, report_quarter desc
