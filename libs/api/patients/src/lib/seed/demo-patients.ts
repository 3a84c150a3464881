import type { DataSource } from 'typeorm';
import { DEMO_MEDICAL_TEAM_ID, DEMO_PRACTICE_ID, DEMO_TIME_ZONE } from '@kap/api/identity';
import type {
  Condition,
  CoursePhase,
  DosePlan,
  Eligibility,
  MedicalStatusSource,
  MonitoringStatus,
  Prescription,
  VitalsLimits,
} from '@kap/shared/contracts';
import { addDays, calendarDateIn, patientNameKeys } from '@kap/shared/domain';

type DemoTherapist = 'therapist@demo.test' | 'therapist2@demo.test';
type DemoAuthor = DemoTherapist | 'prescriber@demo.test' | 'coordinator@demo.test';

interface DemoStatus {
  daysAgo: number;
  by: DemoAuthor;
  eligibility?: Eligibility;
  prescription?: Prescription;
  /** Days from today; negative when overdue. */
  followUpInDays?: number;
  monitoring?: MonitoringStatus;
  note?: string;
}

interface DemoPatient {
  n: number;
  givenName: string;
  familyName: string;
  preferredName?: string;
  pronouns?: string;
  dateOfBirth: string;
  conditions: Condition[];
  therapist: DemoTherapist;
  /** Release of information, in days from today; none when the patient is not linked yet. */
  release?: { signedDaysAgo: number; expiresInDays: number };
  course?: {
    phase: CoursePhase;
    indication: Condition;
    startedDaysAgo: number;
    planned?: number;
    ordered?: boolean;
  };
  statuses: DemoStatus[];
}

const SUBLINGUAL_PLAN: DosePlan = {
  route: 'sublingual',
  doseMgMin: 100,
  doseMgMax: 300,
  maxDosingSessionsPerWeek: 1,
};
const VITALS_LIMITS: VitalsLimits = { systolicMax: 160, diastolicMax: 100, heartRateMax: 120 };
const ACTIVE_RX: Prescription = { status: 'active', dosesAuthorized: 6, route: 'sublingual' };

/** Fictional people, one or two at each step of the KAP pathway. */
const DEMO_PATIENTS: DemoPatient[] = [
  {
    n: 1,
    givenName: 'José',
    familyName: 'García',
    pronouns: 'he/him',
    dateOfBirth: '1986-04-12',
    conditions: ['treatment_resistant_depression'],
    therapist: 'therapist@demo.test',
    release: { signedDaysAgo: 3, expiresInDays: 362 },
    course: { phase: 'intake', indication: 'treatment_resistant_depression', startedDaysAgo: 3 },
    statuses: [
      {
        daysAgo: 2,
        by: 'coordinator@demo.test',
        eligibility: 'pending_intake',
        note: 'Intake visit booked.',
      },
    ],
  },
  {
    n: 2,
    givenName: 'Zoë',
    familyName: 'Fischer',
    pronouns: 'she/her',
    dateOfBirth: '1979-09-30',
    conditions: ['depression', 'generalized_anxiety'],
    therapist: 'therapist@demo.test',
    release: { signedDaysAgo: 20, expiresInDays: 345 },
    course: { phase: 'intake', indication: 'depression', startedDaysAgo: 20 },
    statuses: [
      { daysAgo: 18, by: 'coordinator@demo.test', eligibility: 'pending_intake' },
      {
        daysAgo: 9,
        by: 'prescriber@demo.test',
        eligibility: 'medical_clearance_required',
        monitoring: 'needs_attention',
        note: 'Blood pressure to be cleared by primary care first.',
      },
    ],
  },
  {
    n: 3,
    givenName: 'Renée',
    familyName: 'Dubois',
    preferredName: 'Nené',
    pronouns: 'she/her',
    dateOfBirth: '1991-02-03',
    conditions: ['ptsd'],
    therapist: 'therapist@demo.test',
    release: { signedDaysAgo: 35, expiresInDays: 330 },
    course: { phase: 'preparation', indication: 'ptsd', startedDaysAgo: 30, planned: 6, ordered: true },
    statuses: [
      {
        daysAgo: 12,
        by: 'prescriber@demo.test',
        eligibility: 'eligible',
        prescription: ACTIVE_RX,
        followUpInDays: 18,
        monitoring: 'on_track',
      },
    ],
  },
  {
    n: 4,
    givenName: 'Marcus',
    familyName: 'Bell',
    pronouns: 'he/him',
    dateOfBirth: '1975-11-21',
    conditions: ['treatment_resistant_depression', 'chronic_pain'],
    therapist: 'therapist@demo.test',
    release: { signedDaysAgo: 60, expiresInDays: 305 },
    course: {
      phase: 'dosing',
      indication: 'treatment_resistant_depression',
      startedDaysAgo: 55,
      planned: 6,
      ordered: true,
    },
    statuses: [
      {
        daysAgo: 50,
        by: 'prescriber@demo.test',
        eligibility: 'eligible',
        prescription: ACTIVE_RX,
        followUpInDays: -20,
        monitoring: 'on_track',
      },
      {
        daysAgo: 20,
        by: 'prescriber@demo.test',
        eligibility: 'eligible',
        prescription: { ...ACTIVE_RX, dosesAuthorized: 4 },
        followUpInDays: 10,
        monitoring: 'on_track',
        note: '30-day follow-up done; refill written.',
      },
    ],
  },
  {
    n: 5,
    givenName: 'Aiyana',
    familyName: 'Whitehorse',
    pronouns: 'she/they',
    dateOfBirth: '1998-06-14',
    conditions: ['ptsd', 'substance_use'],
    therapist: 'therapist2@demo.test',
    release: { signedDaysAgo: 40, expiresInDays: 325 },
    course: { phase: 'integration', indication: 'ptsd', startedDaysAgo: 38, planned: 6, ordered: true },
    statuses: [
      {
        daysAgo: 30,
        by: 'prescriber@demo.test',
        eligibility: 'eligible',
        prescription: ACTIVE_RX,
        followUpInDays: 4,
        monitoring: 'on_track',
      },
    ],
  },
  {
    n: 6,
    givenName: 'Chloé',
    familyName: 'Martin',
    pronouns: 'she/her',
    dateOfBirth: '1983-12-01',
    conditions: ['depression'],
    therapist: 'therapist@demo.test',
    release: { signedDaysAgo: 70, expiresInDays: 295 },
    course: { phase: 'dosing', indication: 'depression', startedDaysAgo: 65, planned: 8, ordered: true },
    statuses: [
      {
        daysAgo: 40,
        by: 'prescriber@demo.test',
        eligibility: 'eligible',
        prescription: ACTIVE_RX,
        followUpInDays: -5,
        monitoring: 'on_track',
      },
      // Listed after the newer entry: seeded ids go by position, so earlier seeds keep theirs.
      {
        daysAgo: 62,
        by: 'prescriber@demo.test',
        eligibility: 'eligible',
        prescription: ACTIVE_RX,
        note: 'Cleared for KAP at intake.',
      },
    ],
  },
  {
    n: 7,
    givenName: 'Tomás',
    familyName: 'Ruiz',
    pronouns: 'he/him',
    dateOfBirth: '1969-03-08',
    conditions: ['treatment_resistant_depression'],
    therapist: 'therapist2@demo.test',
    release: { signedDaysAgo: 200, expiresInDays: 165 },
    course: {
      phase: 'maintenance',
      indication: 'treatment_resistant_depression',
      startedDaysAgo: 190,
      planned: 8,
      ordered: true,
    },
    statuses: [
      {
        daysAgo: 25,
        by: 'prescriber@demo.test',
        eligibility: 'eligible',
        prescription: { status: 'active', dosesAuthorized: 2, route: 'sublingual' },
        followUpInDays: 35,
        monitoring: 'on_track',
        note: 'Maintenance every 6 weeks.',
      },
      {
        daysAgo: 182,
        by: 'prescriber@demo.test',
        eligibility: 'eligible',
        prescription: { status: 'active', dosesAuthorized: 8, route: 'sublingual' },
        note: 'Cleared for KAP at intake.',
      },
    ],
  },
  {
    n: 8,
    givenName: 'Siobhán',
    familyName: "O'Connor",
    pronouns: 'she/her',
    dateOfBirth: '1988-07-19',
    conditions: ['generalized_anxiety', 'depression'],
    therapist: 'therapist2@demo.test',
    release: { signedDaysAgo: 250, expiresInDays: 115 },
    course: { phase: 'completed', indication: 'depression', startedDaysAgo: 240, planned: 6, ordered: true },
    statuses: [
      {
        daysAgo: 15,
        by: 'prescriber@demo.test',
        eligibility: 'eligible',
        prescription: { status: 'discontinued' },
        monitoring: 'discharged',
        note: 'Course completed; discharged to the therapist.',
      },
      {
        daysAgo: 232,
        by: 'prescriber@demo.test',
        eligibility: 'eligible',
        prescription: ACTIVE_RX,
        note: 'Cleared for KAP at intake.',
      },
    ],
  },
  {
    n: 9,
    givenName: 'Björn',
    familyName: 'Lindqvist',
    pronouns: 'he/him',
    dateOfBirth: '1972-01-27',
    conditions: ['ocd'],
    therapist: 'therapist@demo.test',
    release: { signedDaysAgo: 375, expiresInDays: -10 },
    course: { phase: 'dosing', indication: 'ocd', startedDaysAgo: 80, planned: 6, ordered: true },
    statuses: [
      {
        daysAgo: 45,
        by: 'therapist@demo.test',
        eligibility: 'eligible',
        prescription: ACTIVE_RX,
        followUpInDays: 5,
        note: 'Copied from the team portal.',
      },
      {
        daysAgo: 74,
        by: 'therapist@demo.test',
        eligibility: 'eligible',
        prescription: ACTIVE_RX,
        note: 'Intake clearance, copied from the team portal.',
      },
    ],
  },
  {
    n: 10,
    givenName: 'Priya',
    familyName: 'Natarajan',
    pronouns: 'she/her',
    dateOfBirth: '1994-10-05',
    conditions: ['social_anxiety'],
    therapist: 'therapist2@demo.test',
    release: { signedDaysAgo: 351, expiresInDays: 14 },
    course: {
      phase: 'preparation',
      indication: 'social_anxiety',
      startedDaysAgo: 14,
      planned: 6,
      ordered: true,
    },
    statuses: [
      {
        daysAgo: 7,
        by: 'coordinator@demo.test',
        eligibility: 'eligible',
        prescription: { status: 'none' },
        followUpInDays: 23,
      },
    ],
  },
  {
    n: 11,
    givenName: 'Ngozi',
    familyName: 'Okeke',
    pronouns: 'she/her',
    dateOfBirth: '1990-05-22',
    conditions: ['depression'],
    therapist: 'therapist2@demo.test',
    course: { phase: 'referred', indication: 'depression', startedDaysAgo: 1 },
    statuses: [],
  },
  {
    n: 12,
    givenName: 'Léa',
    familyName: 'Moreau',
    pronouns: 'she/her',
    dateOfBirth: '1965-08-11',
    conditions: ['depression', 'other'],
    therapist: 'therapist@demo.test',
    release: { signedDaysAgo: 90, expiresInDays: 275 },
    course: { phase: 'discontinued', indication: 'depression', startedDaysAgo: 88 },
    statuses: [
      {
        daysAgo: 80,
        by: 'prescriber@demo.test',
        eligibility: 'not_eligible',
        monitoring: 'discharged',
        note: 'Not eligible: uncontrolled hypertension.',
      },
    ],
  },
];

/** Fixed ids, so that seeding again finds the same rows and changes nothing. */
const demoId = (kind: number, n: number) =>
  `00000000-0000-4000-8000-${String(kind * 1000 + n).padStart(12, '0')}`;

/**
 * About a dozen demo patients of the demo practice spread over the KAP pathway, most linked to the
 * demo medical team with a valid release, one expired and one expiring soon. Idempotent; does
 * nothing when the demo accounts are missing.
 */
export async function seedDemoPatients(dataSource: DataSource, now: Date): Promise<void> {
  // The demo practice's calendar: a follow-up "due in 2 days" is two New York days away.
  const today = calendarDateIn(now, DEMO_TIME_ZONE);
  const dayOffset = (days: number) => addDays(today, days);
  const instant = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000);
  await dataSource.transaction(async (manager) => {
    const people: { id: string; email: DemoAuthor }[] = await manager.query(
      `SELECT id, email_key AS email FROM app_user WHERE email_key = ANY($1)`,
      [['therapist@demo.test', 'therapist2@demo.test', 'prescriber@demo.test', 'coordinator@demo.test']],
    );
    const idOf = new Map(people.map((p) => [p.email, p.id]));
    if (idOf.size < 4) return;
    for (const patient of DEMO_PATIENTS) {
      const patientId = demoId(1, patient.n);
      const therapistId = idOf.get(patient.therapist)!;
      const keys = patientNameKeys(patient);
      const created = instant(
        Math.max(patient.course?.startedDaysAgo ?? 0, patient.release?.signedDaysAgo ?? 0) + 1,
      );
      await manager.query(
        `INSERT INTO patient (id, practice_id, primary_therapist_id, given_name, family_name, preferred_name, date_of_birth,
           pronouns, conditions, search_given_family, search_family_given, search_preferred_family, sort_key,
           created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $3, $14, $14)
         ON CONFLICT DO NOTHING`,
        [
          patientId,
          DEMO_PRACTICE_ID,
          therapistId,
          patient.givenName,
          patient.familyName,
          patient.preferredName ?? null,
          patient.dateOfBirth,
          patient.pronouns ?? null,
          patient.conditions,
          keys.givenFamily,
          keys.familyGiven,
          keys.preferredFamily,
          keys.sortKey,
          created,
        ],
      );
      if (patient.release) {
        await manager.query(
          `INSERT INTO care_team_link (id, patient_id, medical_team_id, release_signed_on, release_expires_on, release_scope, linked_by, linked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT DO NOTHING`,
          [
            demoId(2, patient.n),
            patientId,
            DEMO_MEDICAL_TEAM_ID,
            dayOffset(-patient.release.signedDaysAgo),
            dayOffset(patient.release.expiresInDays),
            'Coordination of ketamine-assisted psychotherapy',
            therapistId,
            instant(patient.release.signedDaysAgo),
          ],
        );
      }
      if (patient.course) {
        const { course } = patient;
        await manager.query(
          `INSERT INTO course (id, patient_id, indication, phase, started_on, planned_dosing_sessions, dose_plan, vitals_limits,
             created_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
           ON CONFLICT DO NOTHING`,
          [
            demoId(3, patient.n),
            patientId,
            course.indication,
            course.phase,
            dayOffset(-course.startedDaysAgo),
            course.planned ?? null,
            course.ordered ? JSON.stringify(SUBLINGUAL_PLAN) : null,
            course.ordered ? JSON.stringify(VITALS_LIMITS) : null,
            therapistId,
            instant(course.startedDaysAgo),
          ],
        );
      }
      for (const [i, status] of patient.statuses.entries()) {
        const source: MedicalStatusSource = status.by.startsWith('therapist')
          ? 'therapist_mirror'
          : 'medical_team';
        await manager.query(
          `INSERT INTO medical_status_entry (id, patient_id, as_of, eligibility, prescription, next_follow_up_due, monitoring, note,
             source, entered_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $3)
           ON CONFLICT DO NOTHING`,
          [
            demoId(4, patient.n * 10 + i),
            patientId,
            instant(status.daysAgo),
            status.eligibility ?? null,
            status.prescription ? JSON.stringify(status.prescription) : null,
            status.followUpInDays === undefined ? null : dayOffset(status.followUpInDays),
            status.monitoring ?? null,
            status.note ?? null,
            source,
            idOf.get(status.by)!,
          ],
        );
      }
    }
  });
}
