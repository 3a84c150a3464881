import type {
  DosingRecord,
  Session,
  SessionKind,
  SessionSetting,
  SessionWarning,
} from '@kap/shared/contracts';
import { dosingDocumentation, integrationDueOn } from '@kap/shared/domain';

export interface SessionRow {
  id: string;
  patient_id: string;
  course_id: string | null;
  kind: SessionKind;
  occurred_at: Date;
  duration_minutes: number;
  setting: SessionSetting;
  dosing: DosingRecord | null;
  warnings: SessionWarning[];
  version: number;
  recorded_by: string;
  recorded_by_name: string;
  created_at: Date;
  updated_at: Date;
  has_signed_note: boolean;
  next_integration_at: Date | null;
  time_zone: string;
}

/**
 * One session with what its documentation and due dates are computed from: whether a signed note
 * is linked to it, the first integration session after it (same course, or the patient's when
 * the dose has no course), and the time zone of the patient's practice, whose calendar the due
 * date is counted on (a medical-team reader sees the therapist's dates).
 */
export const SESSION_SELECT = `
  SELECT s.id, s.patient_id, s.course_id, s.kind, s.occurred_at, s.duration_minutes, s.setting, s.dosing, s.warnings,
         s.version, s.recorded_by, u.display_name AS recorded_by_name, s.created_at, s.updated_at,
         s.kind = 'dosing' AND EXISTS (
           SELECT 1 FROM note n WHERE n.session_id = s.id AND n.status = 'signed' AND n.archived_at IS NULL
         ) AS has_signed_note,
         CASE WHEN s.kind = 'dosing' THEN (
           SELECT min(i.occurred_at) FROM therapy_session i
            WHERE i.patient_id = s.patient_id AND i.kind = 'integration' AND i.archived_at IS NULL
              AND i.occurred_at > s.occurred_at AND (s.course_id IS NULL OR i.course_id = s.course_id)
         ) END AS next_integration_at,
         o.time_zone
    FROM therapy_session s JOIN app_user u ON u.id = s.recorded_by
    JOIN patient p ON p.id = s.patient_id JOIN organization o ON o.id = p.practice_id`;

export function toSession(row: SessionRow): Session {
  const documentation = row.dosing
    ? dosingDocumentation(
        { vitals: row.dosing.vitals, adverseEvents: row.dosing.adverseEvents ?? null },
        row.has_signed_note,
      )
    : null;
  const occurredAt = new Date(row.occurred_at).toISOString();
  return {
    id: row.id,
    patientId: row.patient_id,
    courseId: row.course_id,
    kind: row.kind,
    occurredAt,
    durationMinutes: row.duration_minutes,
    setting: row.setting,
    dosing: row.dosing,
    warnings: row.warnings,
    documentationComplete: documentation?.complete ?? null,
    documentationMissing: documentation?.missing ?? [],
    integrationDueOn:
      row.kind === 'dosing'
        ? integrationDueOn(
            occurredAt,
            row.next_integration_at ? [new Date(row.next_integration_at).toISOString()] : [],
            row.time_zone,
          )
        : null,
    recordedBy: { id: row.recorded_by, displayName: row.recorded_by_name },
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The dose record as stored: every key present, "not answered" kept apart from "none". */
export function storedDosing(dosing: DosingRecord): DosingRecord {
  return {
    route: dosing.route,
    doseLabel: dosing.doseLabel,
    doseMg: dosing.doseMg,
    booster: dosing.booster ? { doseMg: dosing.booster.doseMg, at: dosing.booster.at } : null,
    vitals: dosing.vitals.map((v) => ({
      at: v.at,
      phase: v.phase,
      systolic: v.systolic,
      diastolic: v.diastolic,
      heartRate: v.heartRate,
      spo2: v.spo2 ?? null,
    })),
    chaperone: dosing.chaperone
      ? {
          name: dosing.chaperone.name,
          checks: (dosing.chaperone.checks ?? []).map((c) => ({ at: c.at, ok: c.ok, note: c.note ?? null })),
        }
      : null,
    adverseEvents: dosing.adverseEvents
      ? dosing.adverseEvents.map((e) => ({
          type: e.type,
          severity: e.severity,
          reportedToOnCallAt: e.reportedToOnCallAt ?? null,
          action: e.action ?? null,
        }))
      : null,
  };
}
