import { Injectable } from '@nestjs/common';
import type { Queryable } from '@kap/api/platform';
import type { DosingRecord } from '@kap/shared/contracts';
import type { InstrumentCode, SessionKind, SessionSetting } from '@kap/shared/domain';

export interface ExportedPatientRow {
  id: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  email: string | null;
  phone: string | null;
  external_ref: string | null;
  practice_name: string;
}

export interface ExportedSessionRow {
  id: string;
  kind: SessionKind;
  occurred_at: Date;
  duration_minutes: number;
  setting: SessionSetting;
  dosing: DosingRecord | null;
}

export interface ExportedScoreRow {
  id: string;
  instrument: InstrumentCode;
  instrument_version: string;
  administered_at: Date;
  items: number[] | boolean[];
  total: number | null;
  severity: string | null;
  difficulty: number | null;
  session_id: string | null;
}

/**
 * The SQL of the FHIR export: the record's own tables, read in the export's transaction. Never
 * `note` or `psychotherapy_note`: notes are not part of the export (decision 0007).
 */
@Injectable()
export class FhirExportRepository {
  /** The patient the export's access check found. */
  async patient(db: Queryable, patientId: string): Promise<ExportedPatientRow> {
    const [patient] = await db.query<ExportedPatientRow[]>(
      `SELECT p.id, p.given_name, p.family_name, p.preferred_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
              p.email, p.phone, p.external_ref, o.name AS practice_name
         FROM patient p JOIN organization o ON o.id = p.practice_id
        WHERE p.id = $1`,
      [patientId],
    );
    return patient;
  }

  /** Archived sessions were taken back by the practice: they are not exported. */
  sessions(db: Queryable, patientId: string): Promise<ExportedSessionRow[]> {
    return db.query<ExportedSessionRow[]>(
      `SELECT id, kind, occurred_at, duration_minutes, setting, dosing
         FROM therapy_session
        WHERE patient_id = $1 AND archived_at IS NULL
        ORDER BY occurred_at, id`,
      [patientId],
    );
  }

  /** Voided scores were taken back by the practice: they are not exported. */
  scores(db: Queryable, patientId: string): Promise<ExportedScoreRow[]> {
    return db.query<ExportedScoreRow[]>(
      `SELECT id, instrument, instrument_version, administered_at, items, total, severity, difficulty, session_id
         FROM outcome
        WHERE patient_id = $1 AND voided_at IS NULL
        ORDER BY administered_at, id`,
      [patientId],
    );
  }
}
