import type { EntityManager } from 'typeorm';
import type {
  DosingRecord,
  SessionKind,
  SessionSetting,
  SharedNote,
  SharedOutcome,
  SharedSession,
} from '@kap/shared/contracts';
import { dosingDocumentation } from '@kap/shared/domain';

export interface IncludedIds {
  sessionIds: string[];
  outcomeIds: string[];
  noteIds: string[];
}

export interface SharedItems {
  sessions: Map<string, SharedSession>;
  outcomes: Map<string, SharedOutcome>;
  notes: Map<string, SharedNote>;
}

/**
 * What the medical team may see of sessions, scores and notes, looked up by id for one patient:
 * session facts with the dose record, scores, and shareable notes (signed and shared) only.
 * Psychotherapy notes live in a table this code never reads.
 */
export async function resolveSharedItems(
  manager: EntityManager,
  patientId: string,
  ids: IncludedIds,
): Promise<SharedItems> {
  const none = Promise.resolve([]);
  const [sessions, outcomes, notes, addenda] = await Promise.all([
    ids.sessionIds.length === 0
      ? none
      : manager.query(
          `SELECT s.id, s.kind, s.occurred_at, s.duration_minutes, s.setting, s.dosing,
                  EXISTS (SELECT 1 FROM note n WHERE n.session_id = s.id AND n.status = 'signed' AND n.archived_at IS NULL) AS has_signed_note
             FROM therapy_session s
            WHERE s.id = ANY($1::uuid[]) AND s.patient_id = $2 AND s.archived_at IS NULL`,
          [ids.sessionIds, patientId],
        ),
    ids.outcomeIds.length === 0
      ? none
      : manager.query(
          `SELECT id, instrument, administered_at, total, severity, flags, voided_at FROM outcome
            WHERE id = ANY($1::uuid[]) AND patient_id = $2`,
          [ids.outcomeIds, patientId],
        ),
    ids.noteIds.length === 0
      ? none
      : manager.query(
          `SELECT n.id, n.kind, n.session_id, n.signed_at, n.body FROM note n
            WHERE n.id = ANY($1::uuid[]) AND n.patient_id = $2 AND n.archived_at IS NULL
              AND n.status = 'signed' AND n.share_with_medical_team`,
          [ids.noteIds, patientId],
        ),
    ids.noteIds.length === 0
      ? none
      : manager.query(
          `SELECT a.note_id, a.body, a.reason, a.created_at FROM note_addendum a
            WHERE a.note_id = ANY($1::uuid[]) ORDER BY a.note_id, a.position`,
          [ids.noteIds],
        ),
  ]);
  const result: SharedItems = { sessions: new Map(), outcomes: new Map(), notes: new Map() };
  for (const s of sessions as SessionFacts[]) result.sessions.set(s.id, toSharedSession(s));
  for (const o of outcomes as OutcomeFacts[]) {
    result.outcomes.set(o.id, {
      id: o.id,
      instrument: o.instrument,
      administeredAt: new Date(o.administered_at).toISOString(),
      total: o.total,
      severity: o.severity,
      flags: o.flags,
      voided: o.voided_at !== null,
    });
  }
  for (const n of notes as NoteFacts[]) {
    result.notes.set(n.id, {
      id: n.id,
      kind: n.kind,
      sessionId: n.session_id,
      signedAt: new Date(n.signed_at).toISOString(),
      body: n.body,
      addenda: (addenda as AddendumFacts[])
        .filter((a) => a.note_id === n.id)
        .map((a) => ({ body: a.body, reason: a.reason, createdAt: new Date(a.created_at).toISOString() })),
    });
  }
  return result;
}

export interface SessionFacts {
  id: string;
  kind: SessionKind;
  occurred_at: Date;
  duration_minutes: number;
  setting: SessionSetting;
  dosing: DosingRecord | null;
  has_signed_note: boolean;
}

interface OutcomeFacts {
  id: string;
  instrument: string;
  administered_at: Date;
  total: number | null;
  severity: string;
  flags: string[];
  voided_at: Date | null;
}

interface NoteFacts {
  id: string;
  kind: string;
  session_id: string | null;
  signed_at: Date;
  body: string;
}

interface AddendumFacts {
  note_id: string;
  body: string;
  reason: string;
  created_at: Date;
}

export function toSharedSession(s: SessionFacts): SharedSession {
  const documentation = s.dosing
    ? dosingDocumentation(
        { vitals: s.dosing.vitals, adverseEvents: s.dosing.adverseEvents ?? null },
        s.has_signed_note,
      )
    : null;
  return {
    id: s.id,
    kind: s.kind,
    occurredAt: new Date(s.occurred_at).toISOString(),
    durationMinutes: s.duration_minutes,
    setting: s.setting,
    dosing: s.dosing,
    documentationComplete: documentation?.complete ?? null,
    documentationMissing: documentation?.missing ?? [],
  };
}
