import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Therapy sessions with the dosing record, notes (draft → signed → addenda, immutable once signed,
 * whoever asks), and psychotherapy notes in a table of their own. The table is `therapy_session`
 * because `auth_session` already holds sign-in sessions.
 */
export class SessionsNotes1764400000000 implements MigrationInterface {
  name = 'SessionsNotes1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // Lets a session name its course and prove it is the same patient's, in one foreign key.
    await q.query(`CREATE UNIQUE INDEX course_id_patient_idx ON course (id, patient_id)`);

    await q.query(`
      CREATE TABLE therapy_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT therapy_session_patient_fk REFERENCES patient(id),
        course_id uuid,
        kind text NOT NULL CONSTRAINT therapy_session_kind_check
          CHECK (kind IN ('preparation', 'dosing', 'integration', 'psychotherapy')),
        occurred_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL CONSTRAINT therapy_session_duration_check CHECK (duration_minutes BETWEEN 1 AND 720),
        setting text NOT NULL CONSTRAINT therapy_session_setting_check CHECK (setting IN ('in_person', 'remote', 'remote_group')),
        dosing jsonb,
        warnings text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        recorded_by uuid NOT NULL CONSTRAINT therapy_session_recorded_by_fk REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        archived_at timestamptz,
        archived_by uuid CONSTRAINT therapy_session_archived_by_fk REFERENCES app_user(id),
        archive_reason text,
        CONSTRAINT therapy_session_course_fk FOREIGN KEY (course_id, patient_id) REFERENCES course (id, patient_id),
        CONSTRAINT therapy_session_dosing_check CHECK ((kind = 'dosing') = (dosing IS NOT NULL)),
        CONSTRAINT therapy_session_archive_check CHECK ((archived_at IS NULL) = (archive_reason IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX therapy_session_id_patient_idx ON therapy_session (id, patient_id)`);
    // The patient's session list, newest first, with or without a kind.
    await q.query(
      `CREATE INDEX therapy_session_patient_idx ON therapy_session (patient_id, occurred_at DESC, id DESC) WHERE archived_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX therapy_session_patient_kind_idx ON therapy_session (patient_id, kind, occurred_at DESC, id DESC) WHERE archived_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX therapy_session_course_idx ON therapy_session (course_id, kind, occurred_at) WHERE archived_at IS NULL`,
    );
    await q.query(`
      CREATE FUNCTION therapy_session_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'sessions are never deleted; archive them' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER therapy_session_refuse_delete BEFORE DELETE ON therapy_session
      FOR EACH ROW EXECUTE FUNCTION therapy_session_refuse_delete()`);

    // An outcome's session, when given, must be the same patient's. NOT VALID: rows written before
    // sessions existed are left as they were; every new row is checked.
    await q.query(`
      ALTER TABLE outcome ADD CONSTRAINT outcome_session_fk FOREIGN KEY (session_id, patient_id)
        REFERENCES therapy_session (id, patient_id) NOT VALID`);

    await q.query(`
      CREATE TABLE note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT note_patient_fk REFERENCES patient(id),
        session_id uuid,
        kind text NOT NULL CONSTRAINT note_kind_check CHECK (kind IN ('preparation', 'integration', 'progress')),
        body text NOT NULL,
        share_with_medical_team boolean NOT NULL,
        status text NOT NULL DEFAULT 'draft' CONSTRAINT note_status_check CHECK (status IN ('draft', 'signed')),
        signed_at timestamptz,
        author_id uuid NOT NULL CONSTRAINT note_author_fk REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        archived_at timestamptz,
        archived_by uuid CONSTRAINT note_archived_by_fk REFERENCES app_user(id),
        archive_reason text,
        CONSTRAINT note_session_fk FOREIGN KEY (session_id, patient_id) REFERENCES therapy_session (id, patient_id),
        CONSTRAINT note_signed_check CHECK ((status = 'signed') = (signed_at IS NOT NULL)),
        CONSTRAINT note_archive_check CHECK ((archived_at IS NULL) = (archive_reason IS NULL))
      )`);
    await q.query(
      `CREATE INDEX note_patient_idx ON note (patient_id, created_at DESC, id DESC) WHERE archived_at IS NULL`,
    );
    // The medical team's list: signed and shared only.
    await q.query(
      `CREATE INDEX note_patient_shared_idx ON note (patient_id, created_at DESC, id DESC)
        WHERE archived_at IS NULL AND status = 'signed' AND share_with_medical_team`,
    );
    // Documentation complete: a signed note linked to the session.
    await q.query(
      `CREATE INDEX note_session_idx ON note (session_id) WHERE session_id IS NOT NULL AND archived_at IS NULL`,
    );
    // Signed means signed, whoever asks (the app, a script, an operator at psql): once signed only
    // the archive columns may change, and nothing is ever deleted.
    await q.query(`
      CREATE FUNCTION note_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'notes are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.status = 'signed' AND (
             (to_jsonb(NEW) - 'archived_at' - 'archived_by' - 'archive_reason' - 'version' - 'updated_at')
             <> (to_jsonb(OLD) - 'archived_at' - 'archived_by' - 'archive_reason' - 'version' - 'updated_at')) THEN
          RAISE EXCEPTION 'note % is signed: its text, kind, session and sharing can never change; add an addendum', OLD.id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER note_guard BEFORE UPDATE OR DELETE ON note FOR EACH ROW EXECUTE FUNCTION note_guard()`,
    );

    await q.query(`
      CREATE TABLE note_addendum (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        note_id uuid NOT NULL CONSTRAINT note_addendum_note_fk REFERENCES note(id),
        position integer NOT NULL,
        body text NOT NULL,
        reason text NOT NULL,
        author_id uuid NOT NULL CONSTRAINT note_addendum_author_fk REFERENCES app_user(id),
        created_at timestamptz NOT NULL
      )`);
    // Addenda are numbered under the note's row lock: their order never depends on clocks.
    await q.query(`CREATE UNIQUE INDEX note_addendum_note_idx ON note_addendum (note_id, position)`);
    await q.query(`
      CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER note_addendum_append_only BEFORE UPDATE OR DELETE ON note_addendum
      FOR EACH ROW EXECUTE FUNCTION append_only()`);

    // Process notes: apart from the record, read by their author alone; never listed for anyone else.
    await q.query(`
      CREATE TABLE psychotherapy_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT psychotherapy_note_patient_fk REFERENCES patient(id),
        author_id uuid NOT NULL CONSTRAINT psychotherapy_note_author_fk REFERENCES app_user(id),
        session_id uuid,
        body text NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT psychotherapy_note_session_fk FOREIGN KEY (session_id, patient_id) REFERENCES therapy_session (id, patient_id)
      )`);
    await q.query(
      `CREATE INDEX psychotherapy_note_author_idx ON psychotherapy_note (author_id, patient_id, created_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TRIGGER psychotherapy_note_append_only BEFORE UPDATE OR DELETE ON psychotherapy_note
      FOR EACH ROW EXECUTE FUNCTION append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE psychotherapy_note, note_addendum, note`);
    await q.query(`ALTER TABLE outcome DROP CONSTRAINT outcome_session_fk`);
    await q.query(`DROP TABLE therapy_session`);
    await q.query(`DROP FUNCTION append_only(), note_guard(), therapy_session_refuse_delete()`);
    await q.query(`DROP INDEX course_id_patient_idx`);
  }
}
