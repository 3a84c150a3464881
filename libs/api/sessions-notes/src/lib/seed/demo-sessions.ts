import type { DataSource } from 'typeorm';
import type {
  DosingRecord,
  NoteKind,
  SessionKind,
  SessionWarning,
  VitalsReadingRecord,
} from '@kap/shared/contracts';
import {
  mergeMedicalStatus,
  sessionWarnings,
  type CourseOrders,
  type SessionFacts,
} from '@kap/shared/domain';
import { sessionAlert } from '../sessions/sessions-service';
import { SessionsRepository } from '../sessions/sessions-repository';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Demo ids (see demo-patients.ts in the patients library): kind, then a number. */
const demoId = (kind: number, n: number) =>
  `00000000-0000-4000-8000-${String(kind * 1000 + n).padStart(12, '0')}`;
const sessionId = (patient: number, i: number) => demoId(6000, patient * 100 + i);
const noteId = (patient: number, i: number) => demoId(7000, patient * 100 + i);
const addendumId = (patient: number, i: number) => demoId(8000, patient * 100 + i);
const psychotherapyNoteId = (patient: number, i: number) => demoId(9000, patient * 100 + i);

type Therapist = 'therapist@demo.test' | 'therapist2@demo.test';

/** The demo courses' orders (demo-patients.ts): sublingual 100–300 mg, 1 dose a week at most, BP ≤ 160/100, HR ≤ 120. */
const DEMO_ORDERS: CourseOrders = {
  maxDosingSessionsPerWeek: 1,
  dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300 },
  vitalsLimits: { systolicMax: 160, diastolicMax: 100, heartRateMax: 120 },
};

interface DemoSession {
  kind: SessionKind;
  daysAgo: number;
  /** For a dose: what was (or was not) documented. */
  dose?: {
    mg: number;
    preSystolic?: number;
    post?: boolean;
    adverseEventsAnswered?: boolean;
    serious?: boolean;
  };
  /** A note about the session: signed (and shared) or left as a draft. */
  note?: { kind: NoteKind; signed: boolean; shared: boolean; text: string; addendum?: string };
}

interface DemoStory {
  patient: number;
  therapist: Therapist;
  sessions: DemoSession[];
  psychotherapyNote?: { afterSession: number; text: string };
}

const prep = (daysAgo: number, shared = true): DemoSession => ({
  kind: 'preparation',
  daysAgo,
  note: {
    kind: 'preparation',
    signed: true,
    shared,
    text: 'Preparation: intentions, set and setting, what to expect, safety plan reviewed.',
  },
});
const dose = (
  daysAgo: number,
  mg = 200,
  extra: Partial<NonNullable<DemoSession['dose']>> = {},
): DemoSession => ({
  kind: 'dosing',
  daysAgo,
  dose: { mg, post: true, adverseEventsAnswered: true, ...extra },
  note: {
    kind: 'integration',
    signed: true,
    shared: true,
    text: `Dosing session, ${mg} mg sublingual. Tolerated well; chaperone present throughout.`,
  },
});
const integration = (
  daysAgo: number,
  text = 'Integration: themes from the dosing session, meaning-making, next steps agreed.',
): DemoSession => ({
  kind: 'integration',
  daysAgo,
  note: { kind: 'integration', signed: true, shared: true, text },
});
/** A course of doses every two weeks, each integrated the next day. */
const fortnightly = (firstDaysAgo: number, count: number, mg = 200): DemoSession[] =>
  Array.from({ length: count }, (_, i) => [
    dose(firstDaysAgo - 14 * i, mg),
    integration(firstDaysAgo - 14 * i - 1),
  ]).flat();

/**
 * Sessions and notes matching each demo patient's stage: preparation before doses, integration
 * after them, signed shared integration notes, a dose whose pre-dose blood pressure was above the
 * prescriber's limit (Chloé), a missed integration (Björn), and Aiyana's latest dose left
 * undocumented four days before her follow-up.
 */
const STORIES: DemoStory[] = [
  // Renée Dubois: preparing.
  { patient: 3, therapist: 'therapist@demo.test', sessions: [prep(20), prep(6, false)] },
  // Marcus Bell: dosing every two weeks, every dose documented; a corrected integration note.
  {
    patient: 4,
    therapist: 'therapist@demo.test',
    sessions: [
      prep(50),
      ...fortnightly(45, 3, 200),
      dose(3, 250),
      {
        ...integration(
          2,
          'Integration: low mood persists; spoke about hopelessness, safety plan reviewed, prescriber to be told.',
        ),
        note: {
          kind: 'integration',
          signed: true,
          shared: true,
          text: 'Integration: low mood persists; spoke about hopelessness, safety plan reviewed, prescriber to be told.',
          addendum: 'Called the prescriber the same afternoon; they will see him this week.',
        },
      },
    ],
    psychotherapyNote: {
      afterSession: 8,
      text: 'Process note: transference around his father came up again; hold for next session.',
    },
  },
  // Aiyana Whitehorse: follow-up in 4 days; the latest dose has only a pre-dose reading, the adverse
  // events question unanswered and no signed note; its integration note is still a draft.
  {
    patient: 5,
    therapist: 'therapist2@demo.test',
    sessions: [
      prep(35),
      dose(28, 150),
      integration(27),
      { kind: 'dosing', daysAgo: 6, dose: { mg: 200, post: false, adverseEventsAnswered: false } },
      {
        kind: 'integration',
        daysAgo: 5,
        note: {
          kind: 'integration',
          signed: false,
          shared: true,
          text: 'Draft: integration after the second dose',
        },
      },
    ],
  },
  // Chloé Martin: follow-up overdue; the latest dose began with a blood pressure above the limit.
  {
    patient: 6,
    therapist: 'therapist@demo.test',
    sessions: [prep(60), ...fortnightly(50, 3, 200), dose(8, 200, { preSystolic: 166 }), integration(7)],
  },
  // Tomás Ruiz: a full course, now maintenance every six weeks.
  {
    patient: 7,
    therapist: 'therapist2@demo.test',
    sessions: [prep(185), ...fortnightly(178, 6, 250), dose(42, 250), integration(41)],
  },
  // Siobhán O'Connor: a completed course.
  { patient: 8, therapist: 'therapist2@demo.test', sessions: [prep(235), ...fortnightly(228, 6, 200)] },
  // Björn Lindqvist: a dose given without the previous one integrated.
  {
    patient: 9,
    therapist: 'therapist@demo.test',
    sessions: [prep(75), dose(70), integration(69), dose(56), dose(42), integration(41)],
  },
  // Priya Natarajan: preparing.
  { patient: 10, therapist: 'therapist2@demo.test', sessions: [prep(10), prep(3)] },
];

function dosingRecord(at: number, spec: NonNullable<DemoSession['dose']>): DosingRecord {
  const reading = (
    phase: VitalsReadingRecord['phase'],
    minutes: number,
    systolic: number,
    diastolic: number,
    heartRate: number,
  ) => ({
    at: new Date(at + minutes * MINUTE).toISOString(),
    phase,
    systolic,
    diastolic,
    heartRate,
    spo2: 98,
  });
  const vitals = [reading('pre', -10, spec.preSystolic ?? 124, 80, 74), reading('mid', 40, 138, 86, 82)];
  if (spec.post) vitals.push(reading('post', 110, 126, 80, 76));
  return {
    route: 'sublingual',
    doseLabel: spec.mg >= 200 ? 'full_dissociative' : 'half_dissociative',
    doseMg: spec.mg,
    booster: null,
    vitals,
    chaperone: null,
    adverseEvents: spec.adverseEventsAnswered
      ? spec.mg >= 250
        ? [
            {
              type: 'nausea',
              severity: 'mild',
              reportedToOnCallAt: null,
              action: 'Rested; resolved within the hour.',
            },
          ]
        : []
      : null,
  };
}

/**
 * Seeds the demo sessions and notes (and the alerts their warnings raise). Idempotent: fixed ids,
 * ON CONFLICT DO NOTHING. Does nothing when the demo patients are missing.
 */
export async function seedDemoSessions(dataSource: DataSource, now: Date): Promise<void> {
  const sessions = new SessionsRepository(dataSource);
  await dataSource.transaction(async (manager) => {
    const people = await manager.query<{ id: string; email: Therapist }[]>(
      `SELECT id, email_key AS email FROM app_user WHERE email_key = ANY($1)`,
      [['therapist@demo.test', 'therapist2@demo.test']],
    );
    const idOf = new Map(people.map((p) => [p.email, p.id]));
    const [{ count }] = await manager.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM patient WHERE id = ANY($1)`,
      [STORIES.map((s) => demoId(1, s.patient))],
    );
    if (idOf.size < 2 || count < STORIES.length) return;
    for (const story of STORIES) {
      const patientId = demoId(1, story.patient);
      const courseId = demoId(3, story.patient);
      const authorId = idOf.get(story.therapist)!;
      const earlier: SessionFacts[] = [];
      // The medical team's status as seeded by demo-patients.ts: each dose is judged against it.
      const statusHistory = await sessions.statusHistoryUntil(manager, patientId, null);
      let noteIndex = 0;
      for (const [i, session] of story.sessions.entries()) {
        const id = sessionId(story.patient, i);
        const at = now.getTime() - session.daysAgo * DAY;
        const dosing = session.dose ? dosingRecord(at, session.dose) : null;
        const facts = { id, kind: session.kind, occurredAt: new Date(at).toISOString(), courseId };
        const warnings: SessionWarning[] = sessionWarnings(
          {
            ...facts,
            durationMinutes: 120,
            dosing: dosing ? { ...dosing, adverseEvents: dosing.adverseEvents ?? null } : null,
          },
          earlier,
          DEMO_ORDERS,
          statusHistory,
        );
        earlier.push(facts);
        await manager.query(
          `INSERT INTO therapy_session (id, patient_id, course_id, kind, occurred_at, duration_minutes, setting, dosing, warnings,
             recorded_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'in_person', $7, $8, $9, $10, $10)
           ON CONFLICT DO NOTHING`,
          [
            id,
            patientId,
            courseId,
            session.kind,
            new Date(at),
            session.kind === 'dosing' ? 150 : 50,
            dosing ? JSON.stringify(dosing) : null,
            warnings,
            authorId,
            new Date(at + 3 * 60 * MINUTE),
          ],
        );
        const eligibility = mergeMedicalStatus(statusHistory, facts.occurredAt)?.eligibility ?? null;
        for (const warning of warnings) {
          const alert = sessionAlert(warning, eligibility);
          if (!alert) continue;
          await manager.query(
            // Once per source and kind, acknowledged or not: a demo alert acknowledged since is not raised again.
            `INSERT INTO alert (patient_id, kind, severity, source_type, source_id, created_at)
             SELECT $1, $2, $3, 'session', $4, $5
              WHERE NOT EXISTS (SELECT 1 FROM alert WHERE source_type = 'session' AND source_id = $4 AND kind = $2)
             ON CONFLICT DO NOTHING`,
            [patientId, alert.kind, alert.severity, id, new Date(at + 3 * 60 * MINUTE)],
          );
        }
        if (session.note) {
          const nId = noteId(story.patient, noteIndex++);
          const written = new Date(at + 4 * 60 * MINUTE);
          await manager.query(
            `INSERT INTO note (id, patient_id, kind, session_id, body, share_with_medical_team, status, signed_at, author_id,
               created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
             ON CONFLICT DO NOTHING`,
            [
              nId,
              patientId,
              session.note.kind,
              id,
              session.note.text,
              session.note.shared,
              session.note.signed ? 'signed' : 'draft',
              session.note.signed ? written : null,
              authorId,
              written,
            ],
          );
          if (session.note.addendum) {
            await manager.query(
              `INSERT INTO note_addendum (id, note_id, position, body, reason, author_id, created_at)
               VALUES ($1, $2, 1, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
              [
                addendumId(story.patient, 0),
                nId,
                session.note.addendum,
                'Follow-up action taken after signing',
                authorId,
                new Date(at + 6 * 60 * MINUTE),
              ],
            );
          }
        }
      }
      if (story.psychotherapyNote) {
        const after = story.sessions[story.psychotherapyNote.afterSession];
        await manager.query(
          `INSERT INTO psychotherapy_note (id, patient_id, author_id, session_id, body, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [
            psychotherapyNoteId(story.patient, 0),
            patientId,
            authorId,
            sessionId(story.patient, story.psychotherapyNote.afterSession),
            story.psychotherapyNote.text,
            new Date(now.getTime() - after.daysAgo * DAY + 5 * 60 * MINUTE),
          ],
        );
      }
    }
  });
}
