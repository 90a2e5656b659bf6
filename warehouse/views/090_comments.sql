-- Comments on every table, view and column: the source's Spanish label, then the English meaning.
-- Re-applied after every migration, so a new column gets its comment here.

comment on table dim_entity is 'Entidad: a public entity that publishes a POI (ministry, regional government, municipality…)';
comment on column dim_entity.entity_id is 'Key: 0 for the default entity, else a stable hash of the code';
comment on column dim_entity.entity_code is 'Code naming the entity (--entity, a folder name, POI_ENTITY); unique';
comment on column dim_entity.entity_name is 'Nombre de la entidad: from entities.csv, else the code';
comment on column dim_entity.sector is 'Sector (optional, from entities.csv)';
comment on column dim_entity.ubigeo is 'UBIGEO: INEI geographic code (optional, from entities.csv)';

comment on table dim_report is 'Reporte POI: one report snapshot, a year cut at a quarter (EJECUCIÓN AL <n> TRIMESTRE)';
comment on column dim_report.report_id is 'Key: year * 10 + cut-off quarter for the default entity (2017 IV -> 20174), else a stable hash of entity, year and quarter';
comment on column dim_report.entity_id is 'Entity the report belongs to (dim_entity)';
comment on column dim_report.report_year is 'PLAN OPERATIVO INSTITUCIONAL <año>: plan year';
comment on column dim_report.report_quarter is 'EJECUCIÓN AL <I-IV> TRIMESTRE: cut-off quarter, 1-4';
comment on column dim_report.source_file is 'Base name of the loaded report file';
comment on column dim_report.source_sha256 is 'sha256 of the loaded file bytes';
comment on column dim_report.source_date is 'Fuente: ... al DD/MM/YYYY: date of the source system extract';
comment on column dim_report.n_pages is 'Pages (titles) in the file';
comment on column dim_report.n_rows is 'Activity rows in the file';
comment on column dim_report.loaded_at is 'When this snapshot was loaded';

comment on table dim_unit is 'Unidad Orgánica: organic unit of the agency';
comment on column dim_unit.unit_id is 'Key: stable hash of the unit name (and the entity code, but for the default entity)';
comment on column dim_unit.entity_id is 'Entity the unit belongs to (dim_entity)';
comment on column dim_unit.unit_name is 'Unidad Orgánica: unit name as printed';

comment on table dim_activity is 'Actividad POI: an activity of a unit, with its MEF category and unit of measure';
comment on column dim_activity.activity_id is 'Key: stable hash of unit, activity, MEF category and unit of measure';
comment on column dim_activity.unit_id is 'Unidad Orgánica: the unit (dim_unit)';
comment on column dim_activity.activity_name is 'ACTIVIDAD POI: activity name as printed';
comment on column dim_activity.mef_category is 'MEF: budget category of the Ministry of Economy and Finance';
comment on column dim_activity.unit_of_measure is 'UNIDAD DE MEDIDA: unit the targets are counted in';

comment on table dim_month is 'Mes: calendar month of a plan year';
comment on column dim_month.month_id is 'Key: year * 100 + month';
comment on column dim_month.year is 'Año: year';
comment on column dim_month.month is 'Mes: month number, 1-12';
comment on column dim_month.quarter is 'Trimestre: quarter of the month, 1-4';
comment on column dim_month.month_name is 'Nombre del mes: Spanish month name';

comment on table fct_activity_row is 'Fila de actividad: one printed activity row of one report snapshot';
comment on column fct_activity_row.report_id is 'Report snapshot (dim_report)';
comment on column fct_activity_row.activity_id is 'Activity (dim_activity)';
comment on column fct_activity_row.source_line is 'The row in its source: the line of a text file, the row ordinal of a PDF, the sheet row of an XLSX';
comment on column fct_activity_row.page is '1-based page of the row (the page block of an XLSX workbook)';
comment on column fct_activity_row.row_status is 'How the numbers were recovered: exact, repaired, ambiguous, inconsistent, unresolved';
comment on column fct_activity_row.meta_anual is 'META ANUAL: annual target; NULL when undetermined';
comment on column fct_activity_row.total_programmed is 'Total PROG: total programmed for the year; NULL when undetermined';
comment on column fct_activity_row.total_executed is 'Total EJEC: total executed to the cut-off; NULL when undetermined';
comment on column fct_activity_row.n_readings is 'Number of tied best readings of the row text (0 when none)';
comment on column fct_activity_row.raw_fields is 'The numeric tab fields exactly as printed (tab-separated)';

comment on table fct_activity_month is 'Programado / Ejecutado por mes: report x activity x month';
comment on column fct_activity_month.report_id is 'Report snapshot (dim_report)';
comment on column fct_activity_month.activity_id is 'Activity (dim_activity)';
comment on column fct_activity_month.month_id is 'Month (dim_month)';
comment on column fct_activity_month.programmed is 'PROGRAMADO <mes>: programmed for the month; blank cell = 0; NULL when undetermined';
comment on column fct_activity_month.executed is 'EJECUTADO <mes>: executed in the month; NULL after the cut-off or when undetermined';

comment on table fct_activity_quarter is 'Programado / Ejecutado por trimestre, as printed: report x activity x quarter';
comment on column fct_activity_quarter.report_id is 'Report snapshot (dim_report)';
comment on column fct_activity_quarter.activity_id is 'Activity (dim_activity)';
comment on column fct_activity_quarter.quarter is 'I-IV TRIM: quarter, 1-4';
comment on column fct_activity_quarter.programmed is 'PROG: programmed in the quarter as printed; NULL when undetermined';
comment on column fct_activity_quarter.executed is 'EJEC: executed in the quarter as printed; NULL after the cut-off or when undetermined';

comment on table dq_finding is 'Hallazgo de calidad: one data-quality finding about a row';
comment on column dq_finding.report_id is 'Report snapshot (dim_report)';
comment on column dq_finding.page is 'Page of the row (fct_activity_row.page); NULL for a finding about the whole report';
comment on column dq_finding.source_line is 'The row (fct_activity_row.source_line); NULL for a finding about the whole report';
comment on column dq_finding.rule is 'Rule that produced the finding (see docs/recovery.md)';
comment on column dq_finding.detail is 'What was found or done, checkable against the printed line';

comment on table dq_cell_candidate is 'Valores posibles: one value a cell loaded as NULL may hold, as the tied readings of its row give it';
comment on column dq_cell_candidate.report_id is 'Report snapshot (dim_report)';
comment on column dq_cell_candidate.page is 'Page of the row (fct_activity_row.page)';
comment on column dq_cell_candidate.source_line is 'The row (fct_activity_row.source_line)';
comment on column dq_cell_candidate.slot is 'The cell, as findings name it: meta_anual, prog_01..12, exec_01..12, q1..4_prog/exec, total_prog/exec';
comment on column dq_cell_candidate.measure is 'meta_anual, programmed or executed';
comment on column dq_cell_candidate.month is 'Month 1-12 of a month cell; NULL for quarter cells, totals and META ANUAL';
comment on column dq_cell_candidate.quarter is 'Quarter 1-4 of a month or quarter cell; NULL for totals and META ANUAL';
comment on column dq_cell_candidate.candidate is 'A value the cell may hold (not a promise: the truth can lie outside the tie); NULL: a reading takes the cell for a footnote-only one';

comment on table load_audit is 'Auditoría de carga: one row per attempt to load a report file';
comment on column load_audit.audit_id is 'Key: sequence number of the attempt';
comment on column load_audit.flow_run_id is 'Prefect flow run id of load-poi-report';
comment on column load_audit.entity_code is 'Entity the file was loaded for (dim_entity.entity_code)';
comment on column load_audit.source_file is 'Base name of the report file';
comment on column load_audit.source_path is 'Path of the report file as given';
comment on column load_audit.source_sha256 is 'sha256 of the file bytes (NULL when unreadable)';
comment on column load_audit.report_year is 'Plan year read from the title (NULL when unreadable)';
comment on column load_audit.report_quarter is 'Cut-off quarter read from the title (NULL when unreadable)';
comment on column load_audit.rows_in is 'Activity rows read from the file';
comment on column load_audit.rows_exact is 'Rows with status exact';
comment on column load_audit.rows_repaired is 'Rows with status repaired';
comment on column load_audit.rows_ambiguous is 'Rows with status ambiguous';
comment on column load_audit.rows_inconsistent is 'Rows with status inconsistent';
comment on column load_audit.rows_unresolved is 'Rows with status unresolved';
comment on column load_audit.gate_summary is 'Outcome of the Great Expectations gate';
comment on column load_audit.gate_failures is 'Failed expectations, one per line';
comment on column load_audit.extract_seconds is 'Seconds spent reading and parsing';
comment on column load_audit.transform_seconds is 'Seconds spent recovering numbers and shaping the star';
comment on column load_audit.validate_seconds is 'Seconds spent in the gate';
comment on column load_audit.load_seconds is 'Seconds spent writing the warehouse';
comment on column load_audit.outcome is 'loaded, skipped (same file already loaded), blocked (gate) or failed';
comment on column load_audit.error_message is 'One-line reason when not loaded';
comment on column load_audit.started_at is 'When the attempt started';
comment on column load_audit.finished_at is 'When the attempt ended';

comment on view v_activity_month is 'Contract: one row per report x activity row x month';
comment on view v_activity_quarter is 'Contract: one row per report x activity row x quarter, values as printed';
comment on view v_activity_year is 'Contract: one row per report x activity row: META ANUAL and totals';
comment on view v_data_quality is 'Data-quality findings with the row they are about';
comment on view v_open_cell is 'Cells loaded as NULL that the text narrows down: the values the tied readings give each, with their row';
comment on view v_activity_month_latest is 'v_activity_month for the newest snapshot of each entity and year';
comment on view v_reprogramming is 'Programmed values of an activity and month that changed between snapshots of an entity''s year';
comment on view v_execution_rate is 'Execution rate (executed / programmed) per report, unit and quarter up to the cut-off';
comment on view v_entity_execution is 'Per entity, year and quarter up to the cut-off of its newest report: programmed, executed, rate, rows by status';

comment on table schema_migration is 'Applied schema migrations (warehouse/migrations/*.sql)';
comment on column schema_migration.name is 'Migration file name';
comment on column schema_migration.applied_at is 'When it was applied';
