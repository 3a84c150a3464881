import {
  INSTRUMENTS,
  nameSearchKey,
  scoreOutcome,
  type InstrumentCode,
} from '../../libs/shared/domain/src/index';
import { DEMO_MEDICAL_TEAM_ID, DEMO_PRACTICE_ID } from './audit-stream';
import type { ScaleSize } from './scale-size';
import { isLinkedSql, scaleIdSql } from './scale-ids';

/** One set-based statement of the clinical load, with what it makes (for the progress display). */
export interface Step {
  label: string;
  sql: string;
  params?: unknown[];
}

const GIVEN = [
  'Ava',
  'Liam',
  'Noah',
  'Emma',
  'Olivia',
  'Elijah',
  'Mateo',
  'Sofía',
  'Amelia',
  'Lucas',
  'Mia',
  'Ethan',
  'Harper',
  'Aiden',
  'Zoë',
  'Chloé',
  'Jonas',
  'Leah',
  'Nora',
  'Omar',
  'Priya',
  'Ravi',
  'Sara',
  'Tomás',
  'Uma',
  'Victor',
  'Wen',
  'Xavier',
  'Yara',
  'Zane',
  'Amara',
  'Bruno',
  'Carmen',
  'Dmitri',
  'Elena',
  'Farah',
  'Gabriel',
  'Hana',
  'Ines',
  'Jamal',
  'Keiko',
  'Lars',
  'Maya',
  'Nikhil',
  'Oscar',
  'Paula',
  'Quinn',
  'Rosa',
  'Samir',
  'Tara',
  'Ulrich',
  'Vera',
  'Wanda',
  'Yusuf',
  'Zara',
  'Aaron',
  'Beatriz',
  'Caleb',
  'Dana',
  'Eli',
  'Fatima',
  'Grace',
  'Hugo',
  'Isla',
  'Jack',
  'Kai',
  'Lena',
  'Milo',
  'Nia',
  'Owen',
  'Piper',
  'Rhys',
  'Sienna',
  'Theo',
  'Una',
  'Vikram',
  'Willa',
  'Ximena',
  'Yosef',
  'Zelda',
  'André',
  'Björn',
  'Chiara',
  'Declan',
  'Esme',
  'Finn',
  'Greta',
  'Hamza',
  'Ivy',
  'Joaquín',
  'Kira',
  'Luca',
  'Mariam',
  'Nico',
  'Ophelia',
  'Pedro',
  'Rania',
  'Soren',
  'Thea',
  'Ugo',
  'Valentina',
  'Wyatt',
  'Xiu',
  'Yasmin',
  'Zoltan',
  'Adele',
  'Bodhi',
  'Camila',
  'Diego',
  'Eva',
  'Felix',
  'Gia',
  'Henrik',
  'Iris',
  'Jude',
  'Kenji',
  'Lila',
  'Marco',
  'Noor',
  'Orla',
];
const FAMILY = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'García',
  'Miller',
  'Davis',
  'Rodríguez',
  'Martínez',
  'Hernández',
  'López',
  'González',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Pérez',
  'Thompson',
  'White',
  'Harris',
  'Sánchez',
  'Clark',
  'Ramírez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  "O'Brien",
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Kowalski',
  'Nowak',
  'Wiśniewski',
  'Dubois',
  'Lefèvre',
  'Moreau',
  'Laurent',
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Costa',
  'Pereira',
  'Kim',
  'Park',
  'Choi',
  'Jung',
  'Kang',
  'Cho',
  'Yoon',
  'Jang',
  'Lim',
  'Wang',
  'Li',
  'Zhang',
  'Liu',
  'Chen',
  'Yang',
  'Huang',
  'Zhao',
  'Wu',
  'Zhou',
  'Sato',
  'Suzuki',
  'Takahashi',
  'Tanaka',
  'Watanabe',
  'Ito',
  'Yamamoto',
  'Nakamura',
  'Kobayashi',
  'Kato',
  'Patel',
  'Shah',
  'Singh',
  'Kumar',
  'Sharma',
  'Gupta',
  'Reddy',
  'Iyer',
  'Nair',
  'Das',
  'Ahmed',
  'Ali',
  'Hassan',
  'Hussein',
  'Ibrahim',
  'Khan',
  'Mahmoud',
  'Mansour',
  'Haddad',
  'Nasser',
  'Okafor',
  'Adeyemi',
  'Mensah',
  'Owusu',
  'Diallo',
  'Traoré',
  'Keita',
  'Mwangi',
  'Otieno',
  'Kamau',
  'Johansson',
  'Andersson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsen',
  'Hansen',
  'Jensen',
  'Nielsen',
  'Virtanen',
  'Korhonen',
  'Mäkinen',
  'Novak',
  'Horvat',
  'Kovačević',
  'Popescu',
  'Ionescu',
  'Papadopoulos',
  'Georgiou',
  'Yilmaz',
  'Kaya',
  'Demir',
  'Şahin',
  'Cohen',
  'Levi',
  'Mizrahi',
  'Friedman',
  'Byrne',
  'Murphy',
  'Kelly',
  'Walsh',
  'McCarthy',
  'Doyle',
  'Fitzgerald',
  'MacDonald',
  'Campbell-Reid',
  'Stewart',
  'Morrison',
  'Reid',
  'Ross',
  'Fraser',
  'Gray',
];

/** Items that add up to `total`, spread as evenly as the item ranges allow (PHQ-9 item 9 kept at 0). */
function itemsFor(code: InstrumentCode, total: number): number[] {
  const spread = (sum: number, count: number, max: number) =>
    Array.from({ length: count }, (_, i) =>
      Math.min(max, Math.floor(sum / count) + (i < sum % count ? 1 : 0)),
    );
  switch (code) {
    case 'PHQ9':
      return total <= 24 ? [...spread(total, 8, 3), 0] : spread(total, 9, 3);
    case 'GAD7':
      return spread(total, 7, 3);
    case 'PCL5':
      return spread(total, 20, 4);
    default:
      return [total];
  }
}

/**
 * Every (instrument, total) the generator uses, scored by the product's own scoring rules, so the
 * stored severity, flags and subscales are exactly what the API would have stored.
 */
function scoreTable(): unknown[][] {
  const columns: unknown[][] = [[], [], [], [], [], [], []];
  for (const code of ['PHQ9', 'GAD7', 'PCL5', 'CGI_S'] as InstrumentCode[]) {
    const range = INSTRUMENTS[code].range!;
    for (let total = range.min; total <= range.max; total++) {
      const scored = scoreOutcome(code, itemsFor(code, total));
      const row = [
        code,
        total,
        scored.instrumentVersion,
        JSON.stringify(scored.items),
        scored.severity,
        scored.subscales ? JSON.stringify(scored.subscales) : null,
        JSON.stringify(scored.flags),
      ];
      row.forEach((value, i) => columns[i].push(value));
    }
  }
  return columns;
}

const id = scaleIdSql;

/**
 * The clinical tables, each one INSERT … SELECT over generate_series. Realistic shapes: courses in
 * every phase; score trajectories of responders (55 %), partial responders (20 %), non-responders
 * (20 %) and deteriorating patients (5 %) with noise; sessions per course from 1 to 17 in the order
 * preparation → dosing → integration → psychotherapy; notes (90 % signed, one in eight with addenda);
 * releases of information valid, expiring within 30 days, or expired, some replaced; care-team
 * threads in both directions, mostly acknowledged; open and acknowledged alerts.
 */
export function clinicalSteps(size: ScaleSize, now: Date, passwordHash: string): Step[] {
  const NOW = `'${now.toISOString()}'::timestamptz`;
  const T = size.therapists;
  const PER = Math.ceil(size.therapists / size.practices);
  const M = size.medicalTeams;
  const practiceId = (p: string) =>
    `CASE WHEN ${p} = 0 THEN '${DEMO_PRACTICE_ID}'::uuid ELSE ${id('o:p', p)} END`;
  const teamId = (m: string) =>
    `CASE WHEN ${m} = 0 THEN '${DEMO_MEDICAL_TEAM_ID}'::uuid ELSE ${id('o:m', m)} END`;
  const sessionAt = (s: string) =>
    `(sp.started_at + (${s}) * least(interval '10 days', (${NOW} - sp.started_at) / sp.n_sessions))`;
  const names = [GIVEN, GIVEN.map(nameSearchKey), FAMILY, FAMILY.map(nameSearchKey)];
  const created = `${NOW} - interval '3 years'`;

  return [
    {
      label: 'organizations',
      sql: `INSERT INTO organization (id, name, kind, created_at)
            SELECT ${practiceId('p')}, CASE WHEN p = 0 THEN 'Riverbend Therapy Collective (demo)' ELSE 'Scale Practice ' || p END, 'practice', ${created}
              FROM generate_series(0, ${size.practices - 1}) p
            UNION ALL
            SELECT ${teamId('m')}, CASE WHEN m = 0 THEN 'Northstar Medical Team (demo)' ELSE 'Scale Medical Team ' || m END, 'medical_team', ${created}
              FROM generate_series(0, ${M - 1}) m`,
    },
    {
      label: 'people (therapists, admins, prescribers, coordinators)',
      sql: `INSERT INTO app_user (id, organization_id, email, email_key, display_name, role, password_hash, created_at, updated_at)
            SELECT u.id, u.org, u.email, lower(u.email), u.name, u.role, $1, ${created}, ${created} FROM (
              SELECT ${id('u:t', 't')} AS id, ${practiceId(`t / ${PER}`)} AS org, 'therapist' AS role,
                     CASE t WHEN 0 THEN 'therapist@demo.test' WHEN 1 THEN 'therapist2@demo.test' ELSE 'therapist' || t || '@scale.test' END AS email,
                     CASE t WHEN 0 THEN 'Dana Whitfield, LMFT' WHEN 1 THEN 'Sam Okafor, LCSW' ELSE 'Therapist ' || t || ', LMFT' END AS name
                FROM generate_series(0, ${T - 1}) t
              UNION ALL
              SELECT ${id('u:a', 'p')}, ${practiceId('p')}, 'practice_admin',
                     CASE p WHEN 0 THEN 'admin@demo.test' ELSE 'admin' || p || '@scale.test' END,
                     CASE p WHEN 0 THEN 'Priya Raman (practice admin)' ELSE 'Practice admin ' || p END
                FROM generate_series(0, ${size.practices - 1}) p
              UNION ALL
              SELECT ${id('u:rx', 'm')}, ${teamId('m')}, 'prescriber',
                     CASE m WHEN 0 THEN 'prescriber@demo.test' ELSE 'prescriber' || m || '@scale.test' END,
                     CASE m WHEN 0 THEN 'Dr. Elena Morales, MD' ELSE 'Dr. Prescriber ' || m || ', MD' END
                FROM generate_series(0, ${M - 1}) m
              UNION ALL
              SELECT ${id('u:cc', 'm')}, ${teamId('m')}, 'care_coordinator',
                     CASE m WHEN 0 THEN 'coordinator@demo.test' ELSE 'coordinator' || m || '@scale.test' END,
                     CASE m WHEN 0 THEN 'Jordan Lee (care coordinator)' ELSE 'Care coordinator ' || m END
                FROM generate_series(0, ${M - 1}) m) u`,
      params: [passwordHash],
    },
    {
      label: 'plan (one row per patient)',
      sql: `CREATE TEMP TABLE sp AS
            SELECT n, ${id('p', 'n')} AS id,
                   ${id('u:t', `n % ${T}`)} AS therapist_id,
                   ${practiceId(`(n % ${T}) / ${PER}`)} AS practice_id,
                   ${teamId(`n % ${M}`)} AS team_id,
                   ${id('u:rx', `n % ${M}`)} AS prescriber_id,
                   ${isLinkedSql('n')} AS linked,
                   ${NOW} - make_interval(days => 20 + (n * 37) % 700, mins => (n * 13) % 600) AS started_at,
                   (n * 13) % 100 AS traj,
                   14 + (n * 11) % 12 AS base_phq, 10 + (n * 7) % 10 AS base_gad, 35 + (n * 3) % 40 AS base_pcl,
                   (n % 5 = 0) AS ptsd,
                   ph.phase,
                   CASE WHEN ph.phase IN ('referred', 'intake') THEN 1 + n % 2 ELSE 5 + (n * 7) % 13 END AS n_sessions,
                   2 + (n * 3) % 5 AS n_notes,
                   ((n / ${T}) % 50 = 49) AS archived
              FROM generate_series(0, ${size.patients - 1}) n
              CROSS JOIN LATERAL (SELECT CASE
                WHEN (n * 17) % 100 < 5 THEN 'referred' WHEN (n * 17) % 100 < 10 THEN 'intake'
                WHEN (n * 17) % 100 < 20 THEN 'preparation' WHEN (n * 17) % 100 < 40 THEN 'dosing'
                WHEN (n * 17) % 100 < 60 THEN 'integration' WHEN (n * 17) % 100 < 85 THEN 'maintenance'
                WHEN (n * 17) % 100 < 95 THEN 'completed' ELSE 'discontinued' END AS phase) ph;
            ANALYZE sp`,
    },
    {
      label: 'patients',
      sql: `INSERT INTO patient (id, practice_id, primary_therapist_id, given_name, family_name, preferred_name, date_of_birth,
              pronouns, email, phone, conditions, external_ref, search_given_family, search_family_given, search_preferred_family,
              sort_key, created_by, created_at, updated_at, archived_at, archived_by, archive_reason)
            SELECT sp.id, sp.practice_id, sp.therapist_id, ($1::text[])[g], ($3::text[])[f], CASE WHEN sp.n % 10 = 3 THEN ($1::text[])[pg] END,
                   date '1950-01-01' + (sp.n * 7919) % 19000, CASE sp.n % 4 WHEN 0 THEN 'she/her' WHEN 1 THEN 'he/him' WHEN 2 THEN 'they/them' END,
                   ($2::text[])[g] || '.' || replace(($4::text[])[f], ' ', '') || sp.n || '@example.test', '555-01' || lpad((sp.n % 10000)::text, 4, '0'),
                   CASE WHEN sp.ptsd THEN ARRAY['ptsd', 'depression'] WHEN sp.n % 3 = 0 THEN ARRAY['treatment_resistant_depression']
                        WHEN sp.n % 3 = 1 THEN ARRAY['depression', 'generalized_anxiety'] ELSE ARRAY['depression'] END,
                   'MRN-' || lpad(sp.n::text, 7, '0'),
                   ($2::text[])[g] || ' ' || ($4::text[])[f], ($4::text[])[f] || ' ' || ($2::text[])[g],
                   CASE WHEN sp.n % 10 = 3 THEN ($2::text[])[pg] || ' ' || ($4::text[])[f] END,
                   ($4::text[])[f] || chr(1) || ($2::text[])[g],
                   sp.therapist_id, sp.started_at - interval '14 days', sp.started_at - interval '14 days',
                   CASE WHEN sp.archived THEN sp.started_at + interval '7 days' END,
                   CASE WHEN sp.archived THEN sp.therapist_id END,
                   CASE WHEN sp.archived THEN 'Moved away; care transferred' END
              FROM sp CROSS JOIN LATERAL (SELECT 1 + sp.n % ${GIVEN.length} AS g, 1 + (sp.n / ${GIVEN.length}) % ${FAMILY.length} AS f,
                                                 1 + (sp.n / 7) % ${GIVEN.length} AS pg) i`,
      params: names,
    },
    {
      label: 'courses',
      sql: `INSERT INTO course (id, patient_id, indication, phase, started_on, planned_dosing_sessions, created_by, created_at, updated_at)
            SELECT ${id('c', 'n')}, id, CASE WHEN ptsd THEN 'ptsd' ELSE 'treatment_resistant_depression' END, phase,
                   (started_at AT TIME ZONE 'UTC')::date, 6, therapist_id, started_at, started_at FROM sp
            UNION ALL
            SELECT ${id('c0', 'n')}, id, CASE WHEN ptsd THEN 'ptsd' ELSE 'depression' END, 'completed',
                   (started_at AT TIME ZONE 'UTC')::date - 400, 4, therapist_id, started_at - interval '400 days', started_at - interval '200 days'
              FROM sp WHERE n % 5 = 1`,
    },
    {
      // Expired and expiring releases by n / M, not n: a team is n % M, and at 50,000 patients
      // (M = 20) n % 20 alone gave every patient of the demo team an expired release.
      label: 'care-team links (releases valid, expiring, expired; some replaced)',
      sql: `INSERT INTO care_team_link (id, patient_id, medical_team_id, release_signed_on, release_expires_on, release_scope, linked_by, linked_at, replaced_at)
            SELECT ${id('l', 'n')}, id, team_id, d.signed, greatest(d.signed, CASE
                     WHEN (n / ${M}) % 20 = 0 THEN (${NOW} AT TIME ZONE 'UTC')::date - 5 - n % 30
                     WHEN (n / ${M}) % 20 = 1 THEN (${NOW} AT TIME ZONE 'UTC')::date + n % 30
                     ELSE (${NOW} AT TIME ZONE 'UTC')::date + 120 + n % 200 END),
                   'Treatment coordination for ketamine-assisted psychotherapy', therapist_id, started_at - interval '10 days', NULL
              FROM sp CROSS JOIN LATERAL (SELECT (started_at AT TIME ZONE 'UTC')::date - 10 AS signed) d WHERE linked
            UNION ALL
            SELECT ${id('l0', 'n')}, id, team_id, (started_at AT TIME ZONE 'UTC')::date - 400, (started_at AT TIME ZONE 'UTC')::date - 35,
                   NULL, therapist_id, started_at - interval '400 days', started_at - interval '10 days'
              FROM sp WHERE linked AND n % 10 = 0`,
    },
    {
      label: 'medical status entries',
      sql: `INSERT INTO medical_status_entry (id, patient_id, as_of, eligibility, next_follow_up_due, monitoring, source, entered_by, created_at)
            SELECT ${id('ms', `n || ':' || j`)}, id, e.as_of, 'eligible',
                   CASE WHEN j = 2 THEN (e.as_of AT TIME ZONE 'UTC')::date + 45 + n % 60 END,
                   CASE WHEN n % 25 = 0 THEN 'needs_attention' ELSE 'on_track' END, 'medical_team', prescriber_id, e.as_of
              FROM sp CROSS JOIN generate_series(0, 2) j
              CROSS JOIN LATERAL (SELECT started_at + (${NOW} - started_at) * (j / 3.0) AS as_of) e
             WHERE linked`,
    },
    {
      label: 'sessions',
      sql: `INSERT INTO therapy_session (id, patient_id, course_id, kind, occurred_at, duration_minutes, setting, dosing, recorded_by, created_at, updated_at)
            SELECT ${id('s', `sp.n || ':' || s`)}, sp.id, ${id('c', 'sp.n')}, k.kind, k.at, CASE k.kind WHEN 'dosing' THEN 120 ELSE 50 END,
                   CASE WHEN k.kind = 'dosing' OR s % 3 <> 0 THEN 'in_person' ELSE 'remote' END,
                   CASE WHEN k.kind = 'dosing' THEN jsonb_build_object(
                     'route', CASE WHEN sp.n % 4 = 0 THEN 'sublingual' ELSE 'intramuscular' END,
                     'doseLabel', CASE WHEN s < 4 THEN 'half_dissociative' ELSE 'full_dissociative' END,
                     'doseMg', 40 + (sp.n % 5) * 10, 'booster', NULL,
                     'vitals', CASE WHEN (sp.n + s) % 30 = 0
                       THEN jsonb_build_array(jsonb_build_object('at', k.iso, 'phase', 'pre', 'systolic', 118 + sp.n % 15, 'diastolic', 76, 'heartRate', 72, 'spo2', 98))
                       ELSE jsonb_build_array(
                         jsonb_build_object('at', k.iso, 'phase', 'pre', 'systolic', 118 + sp.n % 15, 'diastolic', 76, 'heartRate', 72, 'spo2', 98),
                         jsonb_build_object('at', k.iso, 'phase', 'post', 'systolic', 124 + sp.n % 12, 'diastolic', 80, 'heartRate', 78, 'spo2', 97)) END,
                     'chaperone', NULL, 'adverseEvents', CASE WHEN (sp.n + s) % 7 = 0 THEN '[{"type": "nausea", "severity": "mild", "action": null, "reportedToOnCallAt": null}]'::jsonb ELSE '[]'::jsonb END)
                   END,
                   sp.therapist_id, k.at, k.at
              FROM sp CROSS JOIN LATERAL generate_series(0, sp.n_sessions - 1) s
              CROSS JOIN LATERAL (SELECT ${sessionAt('s')} AS at,
                     to_char(${sessionAt('s')} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso,
                     CASE WHEN s < 2 THEN 'preparation' WHEN (s - 2) % 3 = 0 THEN 'dosing' WHEN (s - 2) % 3 = 1 THEN 'integration'
                          ELSE 'psychotherapy' END AS kind) k`,
    },
    {
      label: 'notes',
      sql: `INSERT INTO note (id, patient_id, session_id, kind, body, share_with_medical_team, status, signed_at, author_id, created_at, updated_at)
            SELECT ${id('nt', `sp.n || ':' || k`)}, sp.id, CASE WHEN k + 1 < sp.n_sessions THEN ${id('s', `sp.n || ':' || (k + 1)`)} END,
                   CASE WHEN k = 0 THEN 'preparation' WHEN k % 3 = 1 THEN 'integration' ELSE 'progress' END,
                   'Session note ' || (k + 1) || ': discussed intentions, set and setting, and integration of the last session. '
                     || 'Patient reports sleep and mood changes; plan reviewed with the patient.',
                   (sp.n + k) % 2 = 0, CASE WHEN (sp.n + k) % 10 = 9 THEN 'draft' ELSE 'signed' END,
                   CASE WHEN (sp.n + k) % 10 <> 9 THEN a.at + interval '2 hours' END,
                   sp.therapist_id, a.at, a.at + interval '2 hours'
              FROM sp CROSS JOIN LATERAL generate_series(0, sp.n_notes - 1) k
              CROSS JOIN LATERAL (SELECT ${sessionAt('least(k + 1, sp.n_sessions - 1)')} + interval '1 hour' AS at) a`,
    },
    {
      label: 'note addenda',
      sql: `INSERT INTO note_addendum (id, note_id, position, body, reason, author_id, created_at)
            SELECT ${id('na', `sp.n || ':' || k || ':' || pos`)}, ${id('nt', `sp.n || ':' || k`)}, pos,
                   'Addendum: corrected the dose time and added the chaperone''s observation.', 'Late entry', sp.therapist_id,
                   ${sessionAt('least(k + 1, sp.n_sessions - 1)')} + make_interval(days => pos)
              FROM sp CROSS JOIN LATERAL generate_series(0, sp.n_notes - 1) k
              CROSS JOIN LATERAL generate_series(1, CASE WHEN (sp.n + k) % 16 = 0 THEN 2 ELSE 1 END) pos
             WHERE (sp.n + k) % 8 = 0 AND (sp.n + k) % 10 <> 9`,
    },
    {
      label: 'care-team updates (both directions)',
      sql: `CREATE TEMP TABLE sl AS SELECT row_number() OVER (ORDER BY n) - 1 AS rn, * FROM sp WHERE linked;
            INSERT INTO status_update (id, patient_id, medical_team_id, from_side, kind, urgency, body, author_id, created_at, acknowledged_at, acknowledged_by)
            SELECT ${id('su', 'j')}, sl.id, sl.team_id, side.from_side,
                   (ARRAY['session_summary', 'follow_up', 'general', 'request_review', 'prescription', 'eligibility'])[1 + (j / c.cnt) % 6],
                   CASE WHEN j % 50 = 0 THEN 'urgent' WHEN j % 10 = 0 THEN 'soon' ELSE 'routine' END,
                   'Update ' || (j / c.cnt + 1) || ': progress since the last dosing session and the plan for the next weeks.',
                   CASE side.from_side WHEN 'practice' THEN sl.therapist_id ELSE sl.prescriber_id END,
                   t.at,
                   CASE WHEN j % 20 <> 0 THEN t.at + interval '1 day' END,
                   CASE WHEN j % 20 <> 0 THEN CASE side.from_side WHEN 'practice' THEN sl.prescriber_id ELSE sl.therapist_id END END
              FROM (SELECT count(*) AS cnt FROM sl) c
              CROSS JOIN generate_series(0, ${size.statusUpdates - 1}) j
              JOIN sl ON sl.rn = j % c.cnt
              CROSS JOIN LATERAL (SELECT CASE WHEN (j / c.cnt) % 2 = 0 THEN 'practice' ELSE 'medical_team' END AS from_side) side
              CROSS JOIN LATERAL (SELECT sl.started_at + (${NOW} - sl.started_at) * ((j / c.cnt + 1) / (${size.statusUpdates}.0 / c.cnt + 2)) AS at) t`,
    },
    {
      label: "score table (scored by the product's rules)",
      sql: `CREATE TEMP TABLE lk AS SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::text[], $6::jsonb[], $7::jsonb[])
              AS lk (instrument, total, version, items, severity, subscales, flags)`,
      params: scoreTable(),
    },
    {
      label: 'outcome scores (trajectories)',
      sql: `INSERT INTO outcome (id, patient_id, instrument, instrument_version, administered_at, items, total, severity, subscales, flags,
                                 source, entered_by, created_at)
            SELECT ${id('o', `sp.n || ':' || k`)}, sp.id, lk.instrument, lk.version, x.at, lk.items, lk.total, lk.severity, lk.subscales, lk.flags,
                   CASE WHEN k % 7 = 3 THEN 'patient' ELSE 'clinician' END, sp.therapist_id, x.at
              FROM sp CROSS JOIN generate_series(0, ${size.scoresPerPatient - 1}) k
              CROSS JOIN LATERAL (SELECT
                       CASE WHEN k % 4 < 2 THEN 'PHQ9' WHEN k % 4 = 2 THEN 'GAD7' WHEN sp.ptsd THEN 'PCL5' ELSE 'CGI_S' END AS instrument,
                       CASE WHEN k % 4 < 2 THEN (k / 4) * 2 + k % 4 ELSE k / 4 END AS idx,
                       CASE WHEN k % 4 < 2 THEN ${size.scoresPerPatient / 2} ELSE ${size.scoresPerPatient / 4} END AS cnt) i
              CROSS JOIN LATERAL (SELECT
                       sp.started_at + (${NOW} - sp.started_at) * (i.idx::float8 / i.cnt) + interval '1 hour' AS at,
                       CASE i.instrument WHEN 'PHQ9' THEN sp.base_phq WHEN 'GAD7' THEN sp.base_gad WHEN 'PCL5' THEN sp.base_pcl ELSE 5 END AS base,
                       CASE i.instrument WHEN 'PHQ9' THEN 27 WHEN 'GAD7' THEN 21 WHEN 'PCL5' THEN 80 ELSE 7 END AS top,
                       CASE i.instrument WHEN 'CGI_S' THEN 1 ELSE 0 END AS bottom,
                       i.idx::float8 / greatest(i.cnt - 1, 1) AS p) x
              CROSS JOIN LATERAL (SELECT greatest(x.bottom, least(x.top, round(x.base * CASE
                       WHEN sp.traj < 55 THEN 0.25 + 0.75 * exp(-4 * x.p)
                       WHEN sp.traj < 75 THEN 0.6 + 0.4 * exp(-3 * x.p)
                       WHEN sp.traj < 95 THEN 1.0
                       ELSE 1 + 0.35 * x.p END + (random() * 4 - 2) * CASE WHEN i.instrument = 'CGI_S' THEN 0.25 ELSE 1 END)))::int AS total) s
              JOIN lk ON lk.instrument = i.instrument AND lk.total = s.total`,
    },
    {
      label: 'alerts (open and acknowledged)',
      sql: `INSERT INTO alert (id, patient_id, kind, severity, source_type, source_id, created_at, summary, first_acknowledged_at)
            SELECT ${id('al', 'n')}, id, 'reliable_deterioration', 'warning', 'outcome', ${id('o', `n || ':' || 36`)}, ${NOW} - make_interval(days => n % 20),
                   'PHQ-9 rose reliably from baseline', CASE WHEN n % 50 = 8 THEN ${NOW} - make_interval(days => n % 5) END
              FROM sp WHERE n % 50 IN (7, 8)
            UNION ALL
            SELECT ${id('al2', 'n')}, id, 'vitals_out_of_range', 'warning', 'session', ${id('s', `n || ':' || 2`)}, ${NOW} - make_interval(days => n % 30),
                   'Blood pressure above the ordered limit', NULL
              FROM sp WHERE n % 100 = 21 AND n_sessions > 2`,
    },
    {
      label: 'alert acknowledgements (the practice side)',
      sql: `INSERT INTO alert_acknowledgement (alert_id, side, acknowledged_by, acknowledged_at, action)
            SELECT ${id('al', 'n')}, 'practice', therapist_id, ${NOW} - make_interval(days => n % 5), 'Reviewed with the patient; safety plan updated.'
              FROM sp WHERE n % 50 = 8`,
    },
  ];
}
