// The first schema: users and tokens, patients (identity apart), cases and what hangs off them, live
// sessions with raw frames, measurements, and the append-only audit log.
import { type Kysely, sql } from 'kysely';
import type { Migration } from '../migrate.js';

export const migration: Migration = {
  async up(db: Kysely<unknown>, engine) {
    const s = db.schema;
    await s
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await s
      .createTable('auth_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('last_used_at', 'text')
      .execute();
    await s.createIndex('auth_tokens_user').on('auth_tokens').column('user_id').execute();

    await s
      .createTable('patients')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pseudonym', 'text', (c) => c.notNull().unique())
      .addColumn('sex', 'text')
      .addColumn('birth_year', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await s
      .createTable('patient_identities')
      .addColumn('patient_id', 'text', (c) => c.primaryKey().references('patients.id'))
      .addColumn('given_name', 'text')
      .addColumn('family_name', 'text')
      .addColumn('birth_date', 'text')
      .addColumn('medical_record_number', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await s
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('patient_id', 'text', (c) => c.references('patients.id'))
      .addColumn('procedure_date', 'text')
      .addColumn('indication', 'text')
      .addColumn('resection_status', 'text', (c) => c.notNull())
      .addColumn('decay_reference_time', 'text')
      .addColumn('signed_off_at', 'text')
      .addColumn('signed_off_by', 'text')
      .addColumn('sign_off_statement', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await s.createIndex('cases_created').on('cases').column('created_at').execute();

    await s
      .createTable('tracer_administrations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('agent', 'text', (c) => c.notNull())
      .addColumn('nuclide', 'text', (c) => c.notNull())
      .addColumn('activity_mbq', 'double precision', (c) => c.notNull())
      .addColumn('administered_at', 'text', (c) => c.notNull())
      .addColumn('route', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await s.createIndex('tracer_case').on('tracer_administrations').column('case_id').execute();

    await s
      .createTable('probes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('manufacturer', 'text')
      .addColumn('model', 'text')
      .addColumn('serial_number', 'text')
      .addColumn('detector', 'text', (c) => c.notNull())
      .addColumn('collimator', 'text')
      .addColumn('qc_status', 'text', (c) => c.notNull())
      .addColumn('qc_checked_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await s
      .createTable('live_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('probe_id', 'text', (c) => c.references('probes.id'))
      .addColumn('probe_name', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('started_by', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('ended_by', 'text')
      .execute();
    await s.createIndex('live_sessions_case').on('live_sessions').column('case_id').execute();

    await s
      .createTable('live_frames')
      .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('start_seconds', 'double precision', (c) => c.notNull())
      .addColumn('duration_seconds', 'double precision', (c) => c.notNull())
      .addColumn('counts', 'bigint', (c) => c.notNull())
      .addColumn('live_time_seconds', 'double precision')
      .addColumn('received_at_ms', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('live_frames_pk', ['live_session_id', 'seq'])
      .execute();

    await s
      .createTable('live_site_marks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
      .addColumn('from_seq', 'bigint', (c) => c.notNull())
      .addColumn('site_label', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('marked_at', 'text', (c) => c.notNull())
      .addColumn('marked_by', 'text', (c) => c.notNull())
      .execute();

    await s
      .createTable('lesions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('size_mm', 'double precision')
      .addColumn('preop_modality', 'text')
      .addColumn('preop_imaging_status', 'text')
      .addColumn('rgs_result', 'text', (c) => c.notNull())
      .addColumn('pathology_result', 'text', (c) => c.notNull())
      .addColumn('pathology_grade', 'text')
      .addColumn('ki67_percent', 'double precision')
      .addColumn('margin_status', 'text')
      .addColumn('pathology_note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('lesions_case_label', ['case_id', 'label'])
      .execute();

    await s
      .createTable('specimens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('lesion_id', 'text', (c) => c.references('lesions.id'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('excised_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('specimens_case_label', ['case_id', 'label'])
      .execute();

    await s
      .createTable('measurements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('site_label', 'text', (c) => c.notNull())
      .addColumn('counts', 'bigint', (c) => c.notNull())
      .addColumn('duration_seconds', 'double precision', (c) => c.notNull())
      .addColumn('measured_at', 'text', (c) => c.notNull())
      .addColumn('rate_cps', 'double precision', (c) => c.notNull())
      .addColumn('rate_low_cps', 'double precision')
      .addColumn('rate_high_cps', 'double precision')
      .addColumn('decay_corrected_rate_cps', 'double precision')
      .addColumn('decay_reference_time', 'text')
      .addColumn('nuclide', 'text')
      .addColumn('half_life_seconds', 'double precision')
      .addColumn('background_model_json', 'text')
      .addColumn('ratio', 'double precision')
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('lesion_id', 'text', (c) => c.references('lesions.id'))
      .addColumn('specimen_id', 'text', (c) => c.references('specimens.id'))
      .addColumn('probe_id', 'text', (c) => c.references('probes.id'))
      .addColumn('live_session_id', 'text', (c) => c.references('live_sessions.id'))
      .addColumn('from_seq', 'bigint')
      .addColumn('to_seq', 'bigint')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('measurements_case_idempotency', ['case_id', 'idempotency_key'])
      .execute();
    await s
      .createIndex('measurements_case_time')
      .on('measurements')
      .columns(['case_id', 'measured_at'])
      .execute();

    await s
      .createTable('notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();

    await s
      .createTable('audit_log')
      .addColumn('seq', engine === 'postgres' ? 'bigserial' : 'integer', (c) =>
        engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_user_id', 'text')
      .addColumn('actor_username', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text')
      .addColumn('case_id', 'text')
      .addColumn('before_json', 'text')
      .addColumn('after_json', 'text')
      .execute();
    await s.createIndex('audit_case').on('audit_log').columns(['case_id', 'seq']).execute();
    await s.createIndex('audit_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();

    // The audit log is append-only in the database itself, not only by the absence of an API route.
    if (engine === 'sqlite') {
      for (const op of ['UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER audit_log_no_${op.toLowerCase()} BEFORE ${op} ON audit_log ` +
              `BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
          )
          .execute(db);
      }
    } else {
      await sql
        .raw(
          `CREATE FUNCTION openrgs_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
            `BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
        )
        .execute(db);
      await sql
        .raw(
          'CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log ' +
            'FOR EACH ROW EXECUTE FUNCTION openrgs_audit_append_only()',
        )
        .execute(db);
      await sql
        .raw(
          'CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log ' +
            'FOR EACH STATEMENT EXECUTE FUNCTION openrgs_audit_append_only()',
        )
        .execute(db);
    }
  },
};
