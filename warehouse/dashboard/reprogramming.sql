-- Re-programming between the snapshots of one entity's year: per activity and pair of snapshots, the
-- months whose programmed value changed and by how much in all.
with
    changes as (select * from v_reprogramming),
    final as (
        select
            unit_name,
            activity_name,
            from_quarter,
            to_quarter,
            from_file,
            to_file,
            list(month order by month) as months,
            sum(programmed_before) as programmed_before,
            sum(programmed_after) as programmed_after,
            sum(change) as change
        from changes
        where entity_code = $entity_code
          and report_year = $report_year
        group by unit_name, activity_name, from_quarter, to_quarter, from_file, to_file
    )
select * from final
order by to_quarter desc, abs(change) desc, unit_name, activity_name
