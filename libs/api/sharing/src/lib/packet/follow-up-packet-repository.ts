import { Injectable } from '@nestjs/common';
import type { Queryable } from '@kap/api/platform';
import { medicalStatusColumns, type MedicalStatusRow } from '@kap/api/patients';
import type {
  AlertKind,
  AlertSeverity,
  Condition,
  CoursePhase,
  DosePlan,
  StatusUpdateUrgency,
  VitalsLimits,
} from '@kap/shared/contracts';
import type { InstrumentCode } from '@kap/shared/domain';
import type { SessionFacts } from '../thread/shared-items';

export interface PacketPatientRow {
  name: string;
  created_at: Date;
  time_zone: string;
}

export interface PacketCourseRow {
  id: string;
  indication: Condition;
  phase: CoursePhase;
  /** `YYYY-MM-DD`. */
  started_on: string;
  planned_dosing_sessions: number | null;
  dose_plan: DosePlan | null;
  vitals_limits: VitalsLimits | null;
}

/** A dosing session with its course's vitals limits (null without a course). */
export type PacketSessionRow = SessionFacts & { vitals_limits: VitalsLimits | null };

export interface PacketOutcomeRow {
  id: string;
  instrument: InstrumentCode;
  administered_at: Date;
  total: number | null;
  severity: string;
}

export interface PacketAlertRow {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  created_at: Date;
}

export interface PacketQuestionRow {
  id: string;
  urgency: StatusUpdateUrgency;
  body: string;
  created_at: Date;
}

/**
 * The follow-up packet's SQL, run in the packet's transaction: shareable data only (course
 * orders, status, dose records, scores, alerts, open questions), never notes.
 */
@Injectable()
export class FollowUpPacketRepository {
  /** The patient's name, when the record began, and the time zone of the practice. */
  async patient(db: Queryable, patientId: string): Promise<PacketPatientRow> {
    const [patient] = await db.query<PacketPatientRow[]>(
      `SELECT coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS name, p.created_at, o.time_zone
         FROM patient p JOIN organization o ON o.id = p.practice_id WHERE p.id = $1`,
      [patientId],
    );
    return patient;
  }

  /** The current course: the newest started one not completed or discontinued. */
  async currentCourse(db: Queryable, patientId: string): Promise<PacketCourseRow | undefined> {
    const [course] = await db.query<PacketCourseRow[]>(
      `SELECT id, indication, phase, to_char(started_on, 'YYYY-MM-DD') AS started_on, planned_dosing_sessions, dose_plan, vitals_limits
         FROM course WHERE patient_id = $1 AND phase NOT IN ('completed', 'discontinued')
        ORDER BY started_on DESC, created_at DESC LIMIT 1`,
      [patientId],
    );
    return course;
  }

  /** Every medical-status entry of the patient. */
  statusHistory(db: Queryable, patientId: string): Promise<MedicalStatusRow[]> {
    return db.query<MedicalStatusRow[]>(
      `SELECT ${medicalStatusColumns('m', 'u')}
         FROM medical_status_entry m JOIN app_user u ON u.id = m.entered_by
        WHERE m.patient_id = $1`,
      [patientId],
    );
  }

  /** When the medical team last stated the status, or null. */
  async lastFollowUp(db: Queryable, patientId: string): Promise<Date | null> {
    const [lastFollowUp] = await db.query<{ at: Date | null }[]>(
      `SELECT max(as_of) AS at FROM medical_status_entry WHERE patient_id = $1 AND source = 'medical_team'`,
      [patientId],
    );
    return lastFollowUp?.at ?? null;
  }

  /** Dosing sessions from the start of `since` (a date on the calendar of `timeZone`), oldest first. */
  dosingSessionsSince(
    db: Queryable,
    patientId: string,
    since: string,
    timeZone: string,
  ): Promise<PacketSessionRow[]> {
    return db.query<PacketSessionRow[]>(
      `SELECT s.id, s.kind, s.occurred_at, s.duration_minutes, s.setting, s.dosing, c.vitals_limits,
              EXISTS (SELECT 1 FROM note n WHERE n.session_id = s.id AND n.status = 'signed' AND n.archived_at IS NULL) AS has_signed_note
         FROM therapy_session s LEFT JOIN course c ON c.id = s.course_id
        WHERE s.patient_id = $1 AND s.kind = 'dosing' AND s.archived_at IS NULL
          AND s.occurred_at >= ($2::date)::timestamp AT TIME ZONE $3::text
        ORDER BY s.occurred_at, s.id`,
      [patientId, since, timeZone],
    );
  }

  /** Every score not voided, by instrument, oldest first. */
  outcomes(db: Queryable, patientId: string): Promise<PacketOutcomeRow[]> {
    return db.query<PacketOutcomeRow[]>(
      `SELECT id, instrument, administered_at, total, severity FROM outcome
          WHERE patient_id = $1 AND voided_at IS NULL ORDER BY instrument, administered_at, id`,
      [patientId],
    );
  }

  /** Alerts the medical team has not acknowledged yet (each side acknowledges for itself). */
  openAlerts(db: Queryable, patientId: string): Promise<PacketAlertRow[]> {
    return db.query<PacketAlertRow[]>(
      `SELECT a.id, a.kind, a.severity, a.created_at FROM alert a
        WHERE a.patient_id = $1
          AND NOT EXISTS (SELECT 1 FROM alert_acknowledgement k WHERE k.alert_id = a.id AND k.side = 'medical_team')
        ORDER BY a.created_at, a.id`,
      [patientId],
    );
  }

  /** The practice's review requests to the current team, not acknowledged yet. */
  openQuestions(db: Queryable, patientId: string): Promise<PacketQuestionRow[]> {
    return db.query<PacketQuestionRow[]>(
      `SELECT su.id, su.urgency, su.body, su.created_at FROM status_update su
         JOIN care_team_link link ON link.patient_id = su.patient_id AND link.replaced_at IS NULL AND link.medical_team_id = su.medical_team_id
        WHERE su.patient_id = $1 AND su.from_side = 'practice' AND su.kind = 'request_review' AND su.acknowledged_at IS NULL
        ORDER BY su.created_at, su.id`,
      [patientId],
    );
  }
}
