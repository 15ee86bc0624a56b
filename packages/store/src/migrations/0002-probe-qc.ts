// Probe quality control (issue 8): each probe's QC profile (registry fields for QC: detector
// material, energy windows, dead time, reference check source, baseline and tolerances), the daily
// constancy checks, the NEMA NU 3 test records (with the measured CSV kept verbatim) and the
// audited overrides of the QC gate when a live case starts without a passing check.
// Tables of their own, keyed by probe, so the probes table of 0001 stays as it is.
import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema;
    await s
      .createTable('probe_qc_profiles')
      .addColumn('probe_id', 'text', (c) => c.primaryKey().references('probes.id'))
      .addColumn('detector_material', 'text')
      .addColumn('energy_windows_json', 'text', (c) => c.notNull())
      .addColumn('dead_time_seconds', 'double precision')
      .addColumn('reference_source_nuclide', 'text')
      .addColumn('reference_source_activity_mbq', 'double precision')
      .addColumn('reference_source_calibrated_at', 'text')
      .addColumn('reference_source_serial', 'text')
      .addColumn('baseline_cps_per_mbq', 'double precision')
      .addColumn('baseline_measured_at', 'text')
      .addColumn('constancy_warn_percent', 'double precision')
      .addColumn('constancy_fail_percent', 'double precision')
      .addColumn('constancy_count_seconds', 'double precision')
      .addColumn('max_background_cps', 'double precision')
      .addColumn('reference_background_cps', 'double precision')
      .addColumn('manufacturer_figures_json', 'text', (c) => c.notNull())
      .addColumn('baseline_figures_json', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();

    await s
      .createTable('probe_qc_checks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('probe_id', 'text', (c) => c.notNull().references('probes.id'))
      .addColumn('checked_at', 'text', (c) => c.notNull())
      .addColumn('nuclide', 'text', (c) => c.notNull())
      .addColumn('source_activity_mbq', 'double precision', (c) => c.notNull())
      .addColumn('source_calibrated_at', 'text', (c) => c.notNull())
      .addColumn('baseline_cps_per_mbq', 'double precision', (c) => c.notNull())
      .addColumn('measured_counts', 'double precision', (c) => c.notNull())
      .addColumn('count_seconds', 'double precision', (c) => c.notNull())
      .addColumn('background_counts', 'double precision')
      .addColumn('background_seconds', 'double precision')
      .addColumn('expected_cps', 'double precision', (c) => c.notNull())
      .addColumn('measured_cps', 'double precision', (c) => c.notNull())
      .addColumn('deviation_percent', 'double precision', (c) => c.notNull())
      .addColumn('counting_uncertainty_percent', 'double precision', (c) => c.notNull())
      .addColumn('warn_percent', 'double precision', (c) => c.notNull())
      .addColumn('fail_percent', 'double precision', (c) => c.notNull())
      .addColumn('constancy_result', 'text', (c) => c.notNull())
      .addColumn('background_result', 'text')
      .addColumn('checklist_json', 'text', (c) => c.notNull())
      .addColumn('checklist_result', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('detail_json', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('voided_at', 'text')
      .addColumn('voided_by', 'text')
      .addColumn('void_reason', 'text')
      .execute();
    await s
      .createIndex('probe_qc_checks_probe_time')
      .on('probe_qc_checks')
      .columns(['probe_id', 'checked_at'])
      .execute();

    await s
      .createTable('probe_qc_tests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('probe_id', 'text', (c) => c.notNull().references('probes.id'))
      .addColumn('test', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('performed_at', 'text', (c) => c.notNull())
      .addColumn('data_csv', 'text', (c) => c.notNull())
      .addColumn('options_json', 'text', (c) => c.notNull())
      .addColumn('summary_json', 'text', (c) => c.notNull())
      .addColumn('main_value', 'double precision')
      .addColumn('main_unit', 'text')
      .addColumn('meets_criterion', 'integer')
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await s
      .createIndex('probe_qc_tests_probe')
      .on('probe_qc_tests')
      .columns(['probe_id', 'performed_at'])
      .execute();

    await s
      .createTable('probe_qc_overrides')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('probe_id', 'text', (c) => c.notNull().references('probes.id'))
      .addColumn('case_id', 'text', (c) => c.references('cases.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('gate_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await s.createIndex('probe_qc_overrides_case').on('probe_qc_overrides').column('case_id').execute();
  },
};
