import type { DataSource } from 'typeorm';
import {
  classifyReliableChange,
  INSTRUMENTS,
  reliableChangeThreshold,
  scoreOutcome,
  type InstrumentCode,
} from '@kap/shared/domain';
import { FLAG_ALERTS, WATCHED_FOR_DETERIORATION } from '../alerts/alert-rules';

/** The demo patients' ids (see demo-patients.ts in the patients library): kind 1, number n. */
const demoPatientId = (n: number) => `00000000-0000-4000-8000-${String(1000 + n).padStart(12, '0')}`;
/** Outcome ids: kind 5, then patient number and a running index. */
const demoOutcomeId = (n: number, i: number) =>
  `00000000-0000-4000-8000-${String(5_000_000 + n * 1000 + i).padStart(12, '0')}`;

interface Story {
  patient: number;
  enteredBy: 'therapist@demo.test' | 'therapist2@demo.test' | 'prescriber@demo.test';
  instrument: InstrumentCode;
  /** [days ago, item answers] in time order. */
  scores: [number, number[]][];
}

/** Items for a PHQ-9 total with item 9 kept at `item9`. */
const phq9 = (total: number, item9 = 0): number[] => spread(total - item9, 8, 3).concat(item9);
const gad7 = (total: number): number[] => spread(total, 7, 3);
const pcl5 = (total: number): number[] => spread(total, 20, 4);
/** Spreads a total evenly over `count` items of at most `max`, so item patterns look plausible. */
function spread(total: number, count: number, max: number): number[] {
  const items = Array.from(
    { length: count },
    (_, i) => Math.floor(total / count) + (i < total % count ? 1 : 0),
  );
  if (items.some((v) => v > max))
    throw new Error(`cannot spread ${total} over ${count} items of at most ${max}`);
  return items;
}
const monthly = (from: number, totals: number[], make: (t: number) => number[]): [number, number[]][] =>
  totals.map((total, i) => [from - i * Math.floor(from / totals.length), make(total)]);

/**
 * Score histories that tell the stories a clinician meets: a year-long responder reaching
 * remission, a responder in maintenance, a non-responder whose latest PHQ-9 has item 9 above 0,
 * one reliable deterioration on the GAD-7, and a PCL-5 baseline above the cut-off.
 */
const STORIES: Story[] = [
  // Siobhán O'Connor: a year of monthly measures from before the course to remission after it.
  {
    patient: 8,
    enteredBy: 'therapist2@demo.test',
    instrument: 'PHQ9',
    scores: monthly(360, [21, 20, 19, 17, 14, 12, 10, 8, 7, 6, 5, 4, 3], (t) => phq9(t)),
  },
  {
    patient: 8,
    enteredBy: 'therapist2@demo.test',
    instrument: 'GAD7',
    scores: monthly(360, [16, 15, 15, 13, 12, 10, 9, 8, 7, 6, 5, 4, 4], gad7),
  },
  // Tomás Ruiz: responded within the course, now in maintenance and in remission.
  {
    patient: 7,
    enteredBy: 'therapist2@demo.test',
    instrument: 'PHQ9',
    scores: monthly(185, [19, 17, 12, 9, 6, 4, 3], (t) => phq9(t)),
  },
  // Marcus Bell: no response so far; the latest PHQ-9 answers item 9 with "several days".
  {
    patient: 4,
    enteredBy: 'therapist@demo.test',
    instrument: 'PHQ9',
    scores: [
      [52, phq9(23)],
      [38, phq9(22)],
      [24, phq9(22)],
      [10, phq9(21)],
      [2, phq9(22, 1)],
    ],
  },
  // His chronic pain, followed with the PEG (means 6.7, 6.0, 5.0): easing, not yet a 30 % reduction.
  {
    patient: 4,
    enteredBy: 'therapist@demo.test',
    instrument: 'PEG',
    scores: [
      [52, [7, 6, 7]],
      [24, [6, 6, 6]],
      [2, [5, 5, 5]],
    ],
  },
  // Chloé Martin: anxiety rising during dosing, a reliable deterioration on the GAD-7.
  {
    patient: 6,
    enteredBy: 'therapist@demo.test',
    instrument: 'GAD7',
    scores: [
      [60, gad7(8)],
      [40, gad7(9)],
      [12, gad7(13)],
    ],
  },
  {
    patient: 6,
    enteredBy: 'therapist@demo.test',
    instrument: 'PHQ9',
    scores: [
      [60, phq9(16)],
      [40, phq9(13)],
      [12, phq9(11)],
    ],
  },
  // Renée Dubois: PTSD, preparing; a baseline PCL-5 above the provisional cut-off.
  {
    patient: 3,
    enteredBy: 'therapist@demo.test',
    instrument: 'PCL5',
    scores: [
      [28, pcl5(52)],
      [6, pcl5(49)],
    ],
  },
  // Aiyana Whitehorse: the medical team's own PCL-5 at intake and follow-up.
  {
    patient: 5,
    enteredBy: 'prescriber@demo.test',
    instrument: 'PCL5',
    scores: [
      [36, pcl5(58)],
      [8, pcl5(41)],
    ],
  },
];

/**
 * Seeds the demo score histories and the alerts their rules raise. Idempotent (fixed ids,
 * ON CONFLICT DO NOTHING); does nothing when the demo patients are missing.
 */
export async function seedDemoOutcomes(dataSource: DataSource, now: Date): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const people: { id: string; email: string }[] = await manager.query(
      `SELECT id, email_key AS email FROM app_user WHERE email_key = ANY($1)`,
      [['therapist@demo.test', 'therapist2@demo.test', 'prescriber@demo.test']],
    );
    const idOf = new Map(people.map((p) => [p.email, p.id]));
    const [{ count }] = await manager.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM patient WHERE id = ANY($1)`,
      [[...new Set(STORIES.map((s) => demoPatientId(s.patient)))]],
    );
    if (idOf.size < 3 || count === 0) return;
    for (const [storyIndex, story] of STORIES.entries()) {
      const patientId = demoPatientId(story.patient);
      const threshold = reliableChangeThreshold(INSTRUMENTS[story.instrument].reliableChange);
      let baseline: number | null = null;
      for (const [i, [daysAgo, items]] of story.scores.entries()) {
        const id = demoOutcomeId(story.patient, storyIndex * 100 + i);
        const at = new Date(now.getTime() - daysAgo * 86_400_000);
        const scored = scoreOutcome(story.instrument, items);
        await manager.query(
          `INSERT INTO outcome (id, patient_id, instrument, instrument_version, administered_at, items, total, severity, subscales,
             flags, source, entered_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $5)
           ON CONFLICT DO NOTHING`,
          [
            id,
            patientId,
            story.instrument,
            scored.instrumentVersion,
            at,
            JSON.stringify(items),
            scored.total,
            scored.severity,
            scored.subscales ? JSON.stringify(scored.subscales) : null,
            JSON.stringify(scored.flags),
            story.enteredBy === 'prescriber@demo.test' ? 'medical_team' : 'clinician',
            idOf.get(story.enteredBy),
          ],
        );
        const alerts = scored.flags.flatMap((flag) => (FLAG_ALERTS[flag] ? [FLAG_ALERTS[flag]] : []));
        baseline ??= scored.total;
        if (
          WATCHED_FOR_DETERIORATION.includes(story.instrument) &&
          i > 0 &&
          classifyReliableChange(baseline ?? 0, scored.total ?? 0, threshold) === 'deteriorated'
        ) {
          alerts.push(FLAG_ALERTS.reliable_deterioration!);
        }
        for (const alert of alerts) {
          await manager.query(
            // Once per source and kind, acknowledged or not: a demo alert acknowledged since is not raised again.
            `INSERT INTO alert (patient_id, kind, severity, source_type, source_id, created_at)
             SELECT $1, $2, $3, 'outcome', $4, $5
              WHERE NOT EXISTS (SELECT 1 FROM alert WHERE source_type = 'outcome' AND source_id = $4 AND kind = $2)
             ON CONFLICT DO NOTHING`,
            [patientId, alert!.kind, alert!.severity, id, at],
          );
        }
      }
    }
  });
}
