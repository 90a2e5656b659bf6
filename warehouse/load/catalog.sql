-- Every user table and view with its columns, types and comments, for the data dictionary.
with
    relations as (
        select table_name as name, 'table' as kind, comment from duckdb_tables() where not internal
        union all
        select view_name as name, 'view' as kind, comment from duckdb_views() where not internal
    ),
    columns as (
        select table_name as name, column_index, column_name, data_type, is_nullable, comment
        from duckdb_columns()
        where not internal
    ),
    final as (
        select
            relations.kind,
            relations.name,
            relations.comment as relation_comment,
            columns.column_name,
            columns.data_type,
            columns.is_nullable,
            columns.comment as column_comment
        from relations
        inner join columns on columns.name = relations.name
        order by relations.kind, relations.name, columns.column_index
    )
select * from final;
