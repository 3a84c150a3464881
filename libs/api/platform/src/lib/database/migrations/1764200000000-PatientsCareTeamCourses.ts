import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Patients, their link to a medical team with the release of information, KAP courses and the
 * medical team's append-only status entries. PostgreSQL 15 compatible (PGlite is 18); no
 * extensions, because the embedded PGlite has none loaded.
 */
export class PatientsCareTeamCourses1764200000000 implements MigrationInterface {
  name = 'PatientsCareTeamCourses1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // Medical teams are listed for linking by name.
    await q.query(`CREATE INDEX organization_kind_name_idx ON organization (kind, name, id)`);

    // The *_key columns are filled by the app (nameSearchKey: no accents, lower case) and use the
    // "C" collation, so a plain btree answers prefix searches by byte range and the caseload order
    // is the same on every server whatever its locale.
    await q.query(`
      CREATE TABLE patient (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL CONSTRAINT patient_practice_fk REFERENCES organization(id),
        primary_therapist_id uuid NOT NULL CONSTRAINT patient_primary_therapist_fk REFERENCES app_user(id),
        given_name text NOT NULL,
        family_name text NOT NULL,
        preferred_name text,
        date_of_birth date NOT NULL,
        pronouns text,
        email text,
        phone text,
        conditions text[] NOT NULL DEFAULT '{}' CONSTRAINT patient_conditions_check CHECK (conditions <@ ARRAY[
          'depression', 'treatment_resistant_depression', 'ptsd', 'generalized_anxiety', 'social_anxiety',
          'ocd', 'chronic_pain', 'substance_use', 'other']::text[]),
        external_ref text,
        search_given_family text COLLATE "C" NOT NULL,
        search_family_given text COLLATE "C" NOT NULL,
        search_preferred_family text COLLATE "C",
        sort_key text COLLATE "C" NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_by uuid NOT NULL CONSTRAINT patient_created_by_fk REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz,
        archived_by uuid CONSTRAINT patient_archived_by_fk REFERENCES app_user(id),
        archive_reason text,
        CONSTRAINT patient_archive_check CHECK ((archived_at IS NULL) = (archive_reason IS NULL))
      )`);
    // Caseload lists (practice admin, therapist) in name order, and name search within a practice.
    await q.query(
      `CREATE INDEX patient_practice_sort_idx ON patient (practice_id, sort_key, id) WHERE archived_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX patient_therapist_sort_idx ON patient (primary_therapist_id, sort_key, id) WHERE archived_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX patient_search_given_family_idx ON patient (practice_id, search_given_family) WHERE archived_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX patient_search_family_given_idx ON patient (practice_id, search_family_given) WHERE archived_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX patient_search_preferred_family_idx ON patient (practice_id, search_preferred_family)
        WHERE archived_at IS NULL AND search_preferred_family IS NOT NULL`,
    );

    // A link is replaced, never edited or deleted: the earlier releases stay on record.
    await q.query(`
      CREATE TABLE care_team_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT care_team_link_patient_fk REFERENCES patient(id),
        medical_team_id uuid NOT NULL CONSTRAINT care_team_link_team_fk REFERENCES organization(id),
        release_signed_on date NOT NULL,
        release_expires_on date NOT NULL,
        release_scope text,
        linked_by uuid NOT NULL CONSTRAINT care_team_link_linked_by_fk REFERENCES app_user(id),
        linked_at timestamptz NOT NULL,
        replaced_at timestamptz,
        CONSTRAINT care_team_link_release_check CHECK (release_expires_on >= release_signed_on)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX care_team_link_current_idx ON care_team_link (patient_id) WHERE replaced_at IS NULL`,
    );
    await q.query(`CREATE INDEX care_team_link_patient_idx ON care_team_link (patient_id, linked_at)`);
    await q.query(
      `CREATE INDEX care_team_link_team_idx ON care_team_link (medical_team_id, release_expires_on, patient_id) WHERE replaced_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE course (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT course_patient_fk REFERENCES patient(id),
        indication text NOT NULL CONSTRAINT course_indication_check CHECK (indication IN
          ('depression', 'treatment_resistant_depression', 'ptsd', 'generalized_anxiety', 'social_anxiety',
           'ocd', 'chronic_pain', 'substance_use', 'other')),
        phase text NOT NULL CONSTRAINT course_phase_check CHECK (phase IN
          ('referred', 'intake', 'preparation', 'dosing', 'integration', 'maintenance', 'completed', 'discontinued')),
        started_on date NOT NULL,
        planned_dosing_sessions integer,
        dose_plan jsonb,
        vitals_limits jsonb,
        version integer NOT NULL DEFAULT 1,
        created_by uuid NOT NULL CONSTRAINT course_created_by_fk REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX course_patient_idx ON course (patient_id, started_on DESC, created_at DESC, id DESC)`,
    );

    // Append-only: the history of what the medical team said, and when it was true.
    await q.query(`
      CREATE TABLE medical_status_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT medical_status_entry_patient_fk REFERENCES patient(id),
        as_of timestamptz NOT NULL,
        eligibility text CONSTRAINT medical_status_entry_eligibility_check
          CHECK (eligibility IN ('pending_intake', 'eligible', 'medical_clearance_required', 'not_eligible')),
        prescription jsonb,
        next_follow_up_due date,
        monitoring text CONSTRAINT medical_status_entry_monitoring_check
          CHECK (monitoring IN ('on_track', 'needs_attention', 'paused', 'discharged')),
        note text,
        source text NOT NULL CONSTRAINT medical_status_entry_source_check CHECK (source IN ('medical_team', 'therapist_mirror')),
        entered_by uuid NOT NULL CONSTRAINT medical_status_entry_entered_by_fk REFERENCES app_user(id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX medical_status_entry_patient_idx ON medical_status_entry (patient_id, as_of DESC, created_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE FUNCTION medical_status_entry_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'medical_status_entry is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER medical_status_entry_append_only BEFORE UPDATE OR DELETE ON medical_status_entry
      FOR EACH ROW EXECUTE FUNCTION medical_status_entry_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE medical_status_entry, course, care_team_link, patient`);
    await q.query(`DROP FUNCTION medical_status_entry_refuse_change()`);
    await q.query(`DROP INDEX organization_kind_name_idx`);
  }
}
