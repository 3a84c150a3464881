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

/** The rows `StatusUpdatesRepository.sharedItems` reads. */
export interface SharedItemRows {
  sessions: SessionFacts[];
  outcomes: OutcomeFacts[];
  notes: NoteFacts[];
  addenda: AddendumFacts[];
}

/** Shared sessions, scores and notes by id, each note with its addenda in order. */
export function toSharedItems({ sessions, outcomes, notes, addenda }: SharedItemRows): SharedItems {
  const result: SharedItems = { sessions: new Map(), outcomes: new Map(), notes: new Map() };
  for (const s of sessions) result.sessions.set(s.id, toSharedSession(s));
  for (const o of outcomes) {
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
  for (const n of notes) {
    result.notes.set(n.id, {
      id: n.id,
      kind: n.kind,
      sessionId: n.session_id,
      signedAt: new Date(n.signed_at).toISOString(),
      body: n.body,
      addenda: addenda
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

export interface OutcomeFacts {
  id: string;
  instrument: string;
  administered_at: Date;
  total: number | null;
  severity: string;
  flags: string[];
  voided_at: Date | null;
}

export interface NoteFacts {
  id: string;
  kind: string;
  session_id: string | null;
  signed_at: Date;
  body: string;
}

export interface AddendumFacts {
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
