-- Comments on every view column (generated once from a glossary; keep in step with the views).

comment on column v_activity_month.report_year is 'PLAN OPERATIVO INSTITUCIONAL <año>: plan year of the report';
comment on column v_activity_month.report_quarter is 'EJECUCIÓN AL <I-IV> TRIMESTRE: cut-off quarter of the report, 1-4';
comment on column v_activity_month.source_file is 'Base name of the report file';
comment on column v_activity_month.source_line is '1-based line of the activity row in the source file';
comment on column v_activity_month.page is '1-based page of the activity row in the source file';
comment on column v_activity_month.mef_category is 'MEF: budget category';
comment on column v_activity_month.unit_name is 'Unidad Orgánica: organic unit';
comment on column v_activity_month.activity_name is 'ACTIVIDAD POI: activity';
comment on column v_activity_month.unit_of_measure is 'UNIDAD DE MEDIDA: unit of measure';
comment on column v_activity_month.month is 'Mes: month, 1-12';
comment on column v_activity_month.programmed is 'PROGRAMADO: programmed in the month; blank = 0; NULL when undetermined';
comment on column v_activity_month.executed is 'EJECUTADO: executed in the month; NULL after the cut-off or when undetermined';
comment on column v_activity_month.row_status is 'exact, repaired, ambiguous, inconsistent or unresolved (see docs/recovery.md)';

comment on column v_activity_month_latest.report_year is 'PLAN OPERATIVO INSTITUCIONAL <año>: plan year of the report';
comment on column v_activity_month_latest.report_quarter is 'EJECUCIÓN AL <I-IV> TRIMESTRE: cut-off quarter of the report, 1-4';
comment on column v_activity_month_latest.source_file is 'Base name of the report file';
comment on column v_activity_month_latest.source_line is '1-based line of the activity row in the source file';
comment on column v_activity_month_latest.page is '1-based page of the activity row in the source file';
comment on column v_activity_month_latest.mef_category is 'MEF: budget category';
comment on column v_activity_month_latest.unit_name is 'Unidad Orgánica: organic unit';
comment on column v_activity_month_latest.activity_name is 'ACTIVIDAD POI: activity';
comment on column v_activity_month_latest.unit_of_measure is 'UNIDAD DE MEDIDA: unit of measure';
comment on column v_activity_month_latest.month is 'Mes: month, 1-12';
comment on column v_activity_month_latest.programmed is 'PROGRAMADO: programmed in the month; blank = 0; NULL when undetermined';
comment on column v_activity_month_latest.executed is 'EJECUTADO: executed in the month; NULL after the cut-off or when undetermined';
comment on column v_activity_month_latest.row_status is 'exact, repaired, ambiguous, inconsistent or unresolved (see docs/recovery.md)';

comment on column v_activity_quarter.report_year is 'PLAN OPERATIVO INSTITUCIONAL <año>: plan year of the report';
comment on column v_activity_quarter.report_quarter is 'EJECUCIÓN AL <I-IV> TRIMESTRE: cut-off quarter of the report, 1-4';
comment on column v_activity_quarter.source_file is 'Base name of the report file';
comment on column v_activity_quarter.source_line is '1-based line of the activity row in the source file';
comment on column v_activity_quarter.unit_name is 'Unidad Orgánica: organic unit';
comment on column v_activity_quarter.activity_name is 'ACTIVIDAD POI: activity';
comment on column v_activity_quarter.quarter is 'Trimestre: quarter, 1-4';
comment on column v_activity_quarter.programmed is 'PROG: programmed in the quarter as printed; NULL when undetermined';
comment on column v_activity_quarter.executed is 'EJEC: executed in the quarter as printed; NULL after the cut-off or when undetermined';
comment on column v_activity_quarter.row_status is 'exact, repaired, ambiguous, inconsistent or unresolved (see docs/recovery.md)';

comment on column v_activity_year.report_year is 'PLAN OPERATIVO INSTITUCIONAL <año>: plan year of the report';
comment on column v_activity_year.report_quarter is 'EJECUCIÓN AL <I-IV> TRIMESTRE: cut-off quarter of the report, 1-4';
comment on column v_activity_year.source_file is 'Base name of the report file';
comment on column v_activity_year.source_line is '1-based line of the activity row in the source file';
comment on column v_activity_year.unit_name is 'Unidad Orgánica: organic unit';
comment on column v_activity_year.activity_name is 'ACTIVIDAD POI: activity';
comment on column v_activity_year.meta_anual is 'META ANUAL: annual target; NULL when undetermined';
comment on column v_activity_year.total_programmed is 'Total PROG: total programmed; NULL when undetermined';
comment on column v_activity_year.total_executed is 'Total EJEC: total executed to the cut-off; NULL when undetermined';
comment on column v_activity_year.row_status is 'exact, repaired, ambiguous, inconsistent or unresolved (see docs/recovery.md)';

comment on column v_data_quality.report_year is 'PLAN OPERATIVO INSTITUCIONAL <año>: plan year of the report';
comment on column v_data_quality.report_quarter is 'EJECUCIÓN AL <I-IV> TRIMESTRE: cut-off quarter of the report, 1-4';
comment on column v_data_quality.source_file is 'Base name of the report file';
comment on column v_data_quality.source_line is '1-based line of the activity row in the source file';
comment on column v_data_quality.page is '1-based page of the activity row in the source file';
comment on column v_data_quality.unit_name is 'Unidad Orgánica: organic unit';
comment on column v_data_quality.activity_name is 'ACTIVIDAD POI: activity';
comment on column v_data_quality.row_status is 'exact, repaired, ambiguous, inconsistent or unresolved (see docs/recovery.md)';
comment on column v_data_quality.rule is 'Rule that produced the finding';
comment on column v_data_quality.detail is 'What was found or done, checkable against the printed line';
comment on column v_data_quality.raw_fields is 'The numeric tab fields exactly as printed';

comment on column v_execution_rate.report_year is 'PLAN OPERATIVO INSTITUCIONAL <año>: plan year of the report';
comment on column v_execution_rate.report_quarter is 'EJECUCIÓN AL <I-IV> TRIMESTRE: cut-off quarter of the report, 1-4';
comment on column v_execution_rate.unit_name is 'Unidad Orgánica: organic unit';
comment on column v_execution_rate.quarter is 'Trimestre: quarter, 1-4';
comment on column v_execution_rate.activity_rows is 'Activity rows of the unit in the report';
comment on column v_execution_rate.programmed is 'PROG: sum over rows with both values determined';
comment on column v_execution_rate.executed is 'EJEC: sum over rows with both values determined';
comment on column v_execution_rate.execution_rate is 'EJECUTADO / PROGRAMADO over rows with both values determined (NULL when nothing programmed)';
comment on column v_execution_rate.undetermined_rows is 'Rows left out of the rate because a value is undetermined';

comment on column v_reprogramming.report_year is 'PLAN OPERATIVO INSTITUCIONAL <año>: plan year of the report';
comment on column v_reprogramming.unit_name is 'Unidad Orgánica: organic unit';
comment on column v_reprogramming.activity_name is 'ACTIVIDAD POI: activity';
comment on column v_reprogramming.month is 'Mes: month, 1-12';
comment on column v_reprogramming.from_quarter is 'Cut-off quarter of the earlier snapshot';
comment on column v_reprogramming.to_quarter is 'Cut-off quarter of the later snapshot';
comment on column v_reprogramming.from_file is 'File of the earlier snapshot';
comment on column v_reprogramming.to_file is 'File of the later snapshot';
comment on column v_reprogramming.programmed_before is 'PROGRAMADO in the earlier snapshot';
comment on column v_reprogramming.programmed_after is 'PROGRAMADO in the later snapshot';
comment on column v_reprogramming.change is 'programmed_after - programmed_before';
