import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Patient self-report (docs/api.md "Patient self-report", decision 0015): questionnaire links, the
 * measurement plan of a course, and the per-address counter that rate-limits the public routes.
 * A score the patient gives through a link has no entering user (`outcome.entered_by` NULL, only
 * for `source = 'patient'`) and names the request it answered.
 */
export class PatientSelfReport1764940000000 implements MigrationInterface {
  name = 'PatientSelfReport1764940000000';

  async up(q: QueryRunner): Promise<void> {
    // A request's status is derived: cancelled, completed, expired (past expires_at) or open. Only a
    // SHA-256 of the link's token is kept. Requests the plan's job creates carry the timing
    // (`plan_timing`) and occurrence they serve; the unique index claims each occurrence once,
    // whichever API instance gets there first.
    await q.query(`
      CREATE TABLE questionnaire_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT questionnaire_request_patient_fk REFERENCES patient(id),
        course_id uuid CONSTRAINT questionnaire_request_course_fk REFERENCES course(id),
        instruments text[] NOT NULL CONSTRAINT questionnaire_request_instruments_check
          CHECK (cardinality(instruments) BETWEEN 1 AND 4
                 AND instruments <@ ARRAY['PHQ9', 'GAD7', 'PCL5', 'CSSRS_SCREEN', 'PEG']::text[]),
        token_hash text NOT NULL,
        created_by uuid CONSTRAINT questionnaire_request_created_by_fk REFERENCES app_user(id),
        plan_timing text,
        plan_occurrence text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        mailed_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by uuid CONSTRAINT questionnaire_request_cancelled_by_fk REFERENCES app_user(id),
        answer_key text,
        answer_fingerprint text,
        answer_response jsonb,
        CONSTRAINT questionnaire_request_origin_check
          CHECK ((created_by IS NULL) = (plan_timing IS NOT NULL) AND (plan_timing IS NULL) = (plan_occurrence IS NULL)),
        CONSTRAINT questionnaire_request_closed_once_check CHECK (completed_at IS NULL OR cancelled_at IS NULL),
        CONSTRAINT questionnaire_request_expiry_check CHECK (expires_at > created_at)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX questionnaire_request_token_idx ON questionnaire_request (token_hash)`,
    );
    await q.query(
      `CREATE INDEX questionnaire_request_patient_idx ON questionnaire_request (patient_id, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX questionnaire_request_occurrence_idx ON questionnaire_request (course_id, plan_timing, plan_occurrence)
        WHERE plan_timing IS NOT NULL`,
    );
    // The dashboard's `questionnaire_due`: a plan's requests not yet answered or cancelled, per patient.
    await q.query(
      `CREATE INDEX questionnaire_request_due_idx ON questionnaire_request (patient_id, expires_at)
        WHERE plan_timing IS NOT NULL AND completed_at IS NULL AND cancelled_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE measurement_plan (
        course_id uuid PRIMARY KEY CONSTRAINT measurement_plan_course_fk REFERENCES course(id),
        rules jsonb NOT NULL,
        version integer NOT NULL,
        updated_by uuid NOT NULL CONSTRAINT measurement_plan_updated_by_fk REFERENCES app_user(id),
        updated_at timestamptz NOT NULL
      )`);

    // Requests to the public routes per address and minute, counted in PostgreSQL like sign-in
    // failures, so every API instance sees the same count. Old windows are deleted by the job.
    await q.query(`
      CREATE TABLE public_request_window (
        ip text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (ip, window_start)
      )`);

    await q.query(
      `ALTER TABLE outcome ADD COLUMN questionnaire_request_id uuid CONSTRAINT outcome_questionnaire_request_fk REFERENCES questionnaire_request(id)`,
    );
    await q.query(`ALTER TABLE outcome ALTER COLUMN entered_by DROP NOT NULL`);
    await q.query(
      `ALTER TABLE outcome ADD CONSTRAINT outcome_entered_by_check CHECK (entered_by IS NOT NULL OR source = 'patient')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outcome DROP CONSTRAINT outcome_entered_by_check`);
    await q.query(`ALTER TABLE outcome ALTER COLUMN entered_by SET NOT NULL`);
    await q.query(`ALTER TABLE outcome DROP COLUMN questionnaire_request_id`);
    await q.query(`DROP TABLE public_request_window, measurement_plan, questionnaire_request`);
  }
}
