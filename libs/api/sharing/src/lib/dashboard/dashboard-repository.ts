import { Injectable } from '@nestjs/common';
import { AutocommitQueries, isoTimestampSql } from '@kap/api/platform';
import { alertEscalatesAtSql } from '@kap/api/outcomes';
import type { CareTeamSide, DashboardReason } from '@kap/shared/contracts';
import { INSTRUMENT_CODES, INTAKE_WINDOW_DAYS } from '@kap/shared/domain';

/** How recent a dose must be for its missing integration session to count as "due". */
export const INTEGRATION_WATCH_DAYS = 14;

/** A measure the course uses is overdue this many days after its last score. */
const MEASURE_OVERDUE_DAYS = 30;
/** Scores this many days before the course's start (the intake window) show the course uses a measure. */
const MEASURE_INTAKE_DAYS = INTAKE_WINDOW_DAYS;
/** Instruments watched for `measure_overdue`: all but the CGI-I, which is given at reviews. */
const MEASURED_INSTRUMENTS = INSTRUMENT_CODES.filter((code) => code !== 'CGI_I');

/** One patient on the attention list, with the reasons as the SQL built them (unsorted). */
export interface AttentionRow {
  patient_id: string;
  patient_name: string;
  reasons: DashboardReason[];
}

/**
 * The attention list's SQL: one statement over the caller's visible patients (CTEs), each reason
 * computed against the tables' patient-leading indexes.
 */
@Injectable()
export class DashboardRepository {
  /** Statement texts by the shape of their placeholders: one per kind of caller. */
  private readonly texts = new Map<string, string>();

  constructor(private readonly queries: AutocommitQueries) {}

  /**
   * `visibleSql` gives the access rule over `p` and `link`, numbering its values with `param`;
   * `today` is a UTC date, `now` the time of the read, `side` the caller's organization kind and
   * `organizationId` the caller's practice or medical team.
   */
  async attentionList(
    visibleSql: (param: (value: unknown) => string) => string,
    today: string,
    now: Date,
    side: CareTeamSide,
    organizationId: string,
  ): Promise<AttentionRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const placeholders = [
      visibleSql(param),
      param(today),
      param(now),
      param(side),
      side === 'medical_team' ? param(organizationId) : null,
    ] as const;
    // The text depends only on the placeholders (values travel as parameters): built once per
    // shape, not 5 kB of template per request (and then hashed again to find its statement name).
    const shape = placeholders.join('|');
    let sql = this.texts.get(shape);
    if (sql === undefined) this.texts.set(shape, (sql = dashboardSql(...placeholders)));
    // A named statement (AutocommitQueries): planning this statement costs about as much as
    // running it (docs/requirements.md "dashboard SQL ≤ 5 ms"), so each connection plans it once.
    return this.queries.query<AttentionRow[]>(sql, params);
  }
}

/**
 * `$today` a date (UTC: the release-of-information rule of `visible` and escalation), `$now` a
 * timestamp, `$side` the caller's organization kind. Every other date is a calendar date in the
 * time zone of the patient's practice (docs/requirements.md "Clinic time"): `vis.today` is `$now` on that calendar,
 * and a reason that starts on a date starts at that date's midnight there.
 */
export function dashboardSql(
  visible: string,
  today: string,
  now: string,
  side: string,
  team: string | null,
): string {
  const practice = `${side} = 'practice'`;
  const midnight = (date: string, tz: string) => `((${date})::timestamp AT TIME ZONE ${tz})`;
  return `
    WITH vis AS (
      SELECT p.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS name,
             link.medical_team_id, link.release_expires_on,
             o.time_zone AS tz, (${now}::timestamptz AT TIME ZONE o.time_zone)::date AS today
        FROM ${
          team === null
            ? `patient p LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL`
            : // A team's patients are found from its links, one patient probe each: joined the other
              // way round, the planner reads every patient of every practice for one team.
              `care_team_link link CROSS JOIN LATERAL (
                 SELECT * FROM patient WHERE patient.id = link.patient_id LIMIT 1) p`
        }
        JOIN organization o ON o.id = p.practice_id
       WHERE p.archived_at IS NULL AND ${team === null ? '' : 'link.replaced_at IS NULL AND '}${visible}
    ),
    -- The current course and status: one index probe per visible patient (LATERAL … LIMIT 1), so
    -- the planner never hashes the whole table when it expects a handful of patients.
    cur_course AS (
      SELECT vis.id AS patient_id, vis.tz, c.id AS course_id, c.started_on, c.phase
        FROM vis CROSS JOIN LATERAL (
               SELECT c.id, c.started_on, c.phase FROM course c
                WHERE c.patient_id = vis.id AND c.phase NOT IN ('completed', 'discontinued')
                ORDER BY c.started_on DESC, c.created_at DESC LIMIT 1) c
    ),
    -- The merged status's follow-up date: the newest entry that states one (a later entry about
    -- something else does not clear it).
    cur_status AS (
      SELECT vis.id AS patient_id, vis.tz, vis.today, m.next_follow_up_due
        FROM vis CROSS JOIN LATERAL (
               SELECT m.next_follow_up_due FROM medical_status_entry m
                WHERE m.patient_id = vis.id AND m.next_follow_up_due IS NOT NULL
                ORDER BY m.as_of DESC, m.created_at DESC, m.id DESC LIMIT 1) m
    ),
    last_follow_up AS (
      SELECT m.patient_id, max(m.as_of) AS at
        FROM medical_status_entry m JOIN vis ON vis.id = m.patient_id
       WHERE m.source = 'medical_team'
       GROUP BY m.patient_id
    ),
    reasons AS (
      -- Open for the caller's side: each side acknowledges for itself.
      SELECT a.patient_id, 'open_alert' AS code, a.severity, a.created_at AS since
        FROM alert a JOIN vis ON vis.id = a.patient_id
       WHERE NOT EXISTS (SELECT 1 FROM alert_acknowledgement k WHERE k.alert_id = a.id AND k.side = ${side})
      UNION ALL
      -- An urgent alert either side has left unacknowledged too long leads both sides' lists.
      SELECT e.patient_id, 'alert_escalated', 'urgent', e.at
        FROM (SELECT a.patient_id, ${alertEscalatesAtSql(today)} AS at
                FROM alert a JOIN vis ON vis.id = a.patient_id
                JOIN patient p ON p.id = a.patient_id
                LEFT JOIN care_team_link link ON link.patient_id = a.patient_id AND link.replaced_at IS NULL
               WHERE a.severity = 'urgent') e
       WHERE e.at < ${now}::timestamptz
      UNION ALL
      -- One reason per kind of update, so that the list can say what the update is about.
      SELECT su.patient_id, 'unacknowledged_update:' || su.kind,
             CASE su.urgency WHEN 'urgent' THEN 'urgent' WHEN 'soon' THEN 'warning' ELSE 'info' END, su.created_at
        FROM status_update su JOIN vis ON vis.id = su.patient_id
       WHERE su.acknowledged_at IS NULL AND su.from_side <> ${side}
         -- A team sees its own updates; naming the team lets the team's index find them.
         AND ${team === null ? `(${practice} OR su.medical_team_id = vis.medical_team_id)` : `su.medical_team_id = ${team}::uuid AND su.medical_team_id = vis.medical_team_id`}
      UNION ALL
      SELECT st.patient_id, 'follow_up_due',
             CASE WHEN st.next_follow_up_due < st.today THEN 'warning' ELSE 'info' END, ${midnight('st.next_follow_up_due', 'st.tz')}
        FROM cur_status st
       WHERE st.next_follow_up_due <= st.today + 7
      UNION ALL
      SELECT d.patient_id, 'integration_due',
             CASE WHEN (d.occurred_at AT TIME ZONE vis.tz)::date + 1 <= vis.today THEN 'warning' ELSE 'info' END,
             ${midnight(`(d.occurred_at AT TIME ZONE vis.tz)::date + 1`, 'vis.tz')}
        FROM vis CROSS JOIN LATERAL (
               SELECT s.patient_id, s.occurred_at, s.course_id FROM therapy_session s
                WHERE s.patient_id = vis.id AND s.kind = 'dosing' AND s.archived_at IS NULL
                ORDER BY s.occurred_at DESC LIMIT 1
             ) d
        -- "No integration session since": a LATERAL probe per recent dose (LIMIT 1), where NOT
        -- EXISTS let the planner hash every integration session of the database for a practice.
        LEFT JOIN LATERAL (
               SELECT true AS found FROM therapy_session i
                WHERE i.patient_id = d.patient_id AND i.kind = 'integration' AND i.archived_at IS NULL
                  AND i.occurred_at > d.occurred_at AND (d.course_id IS NULL OR i.course_id = d.course_id)
                LIMIT 1
             ) integration ON true
       WHERE ${practice} AND d.occurred_at >= ${now}::timestamptz - interval '${INTEGRATION_WATCH_DAYS} days'
         AND integration.found IS NULL
      UNION ALL
      SELECT s.patient_id, 'documentation_incomplete',
             CASE WHEN st.next_follow_up_due <= vis.today + 7 THEN 'warning' ELSE 'info' END, min(s.occurred_at)
        FROM therapy_session s
        JOIN vis ON vis.id = s.patient_id
        LEFT JOIN last_follow_up lf ON lf.patient_id = s.patient_id
        LEFT JOIN cur_course cc ON cc.patient_id = s.patient_id
        LEFT JOIN cur_status st ON st.patient_id = s.patient_id
       WHERE ${practice} AND s.kind = 'dosing' AND s.archived_at IS NULL
         AND s.occurred_at >= coalesce(lf.at, ${midnight('cc.started_on', 'vis.tz')}, '-infinity'::timestamptz)
         AND NOT (
               coalesce(s.dosing -> 'vitals' @> '[{"phase": "pre"}]', false)
           AND coalesce(s.dosing -> 'vitals' @> '[{"phase": "post"}]', false)
           AND coalesce(jsonb_typeof(s.dosing -> 'adverseEvents') = 'array', false)
           AND EXISTS (SELECT 1 FROM note n WHERE n.session_id = s.id AND n.status = 'signed' AND n.archived_at IS NULL))
       GROUP BY s.patient_id, st.next_follow_up_due, vis.today
      UNION ALL
      -- Every measure the course uses (the PHQ-9, every instrument of the course's measurement
      -- plan, and any other instrument scored since the intake window before the start), overdue
      -- 30 days after its last score. One index probe per patient and instrument. The instrument
      -- rides in the code ('measure_overdue:GAD7') so that the other reasons keep their columns;
      -- split below.
      SELECT cc.patient_id, 'measure_overdue:' || m.instrument, 'info',
             coalesce(latest.at + interval '${MEASURE_OVERDUE_DAYS} days', ${midnight('cc.started_on', 'cc.tz')})
        FROM cur_course cc
       CROSS JOIN (VALUES ${MEASURED_INSTRUMENTS.map((code) => `('${code}')`).join(', ')}) AS m(instrument)
        LEFT JOIN LATERAL (
               SELECT o.administered_at AS at FROM outcome o
                WHERE o.patient_id = cc.patient_id AND o.instrument = m.instrument AND o.voided_at IS NULL
                ORDER BY o.administered_at DESC LIMIT 1) latest ON true
       WHERE ${practice} AND cc.phase IN ('preparation', 'dosing', 'integration', 'maintenance')
         AND (m.instrument = 'PHQ9' OR latest.at >= ${midnight('cc.started_on', 'cc.tz')} - interval '${MEASURE_INTAKE_DAYS} days'
              OR EXISTS (SELECT 1 FROM measurement_plan mp
                          WHERE mp.course_id = cc.course_id AND mp.rules @> jsonb_build_array(jsonb_build_object('instrument', m.instrument))))
         AND (latest.at IS NULL OR latest.at < ${now}::timestamptz - interval '${MEASURE_OVERDUE_DAYS} days')
      UNION ALL
      -- Questionnaires the measurement plan's job sent that are still open: the therapist sees
      -- that the patient has one to answer (and, without mail, that it needs sending by hand).
      -- The instruments asked ride in the code ('questionnaire_due:GAD7,PHQ9'), as above.
      SELECT q.patient_id, 'questionnaire_due:' || string_agg(DISTINCT asked.instrument, ',' ORDER BY asked.instrument), 'info', min(q.created_at)
        FROM questionnaire_request q JOIN vis ON vis.id = q.patient_id
       CROSS JOIN LATERAL unnest(q.instruments) AS asked(instrument)
       WHERE ${practice} AND q.plan_timing IS NOT NULL AND q.completed_at IS NULL AND q.cancelled_at IS NULL
         AND q.expires_at > ${now}::timestamptz
       GROUP BY q.patient_id
      UNION ALL
      SELECT vis.id, 'release_expiring',
             CASE WHEN vis.release_expires_on < vis.today THEN 'warning' ELSE 'info' END, ${midnight('vis.release_expires_on', 'vis.tz')}
        FROM vis LEFT JOIN cur_course cc ON cc.patient_id = vis.id
       WHERE ${practice} AND vis.release_expires_on IS NOT NULL
         AND ((vis.release_expires_on >= vis.today AND vis.release_expires_on <= vis.today + 30)
              OR (vis.release_expires_on < vis.today AND cc.phase IN ('preparation', 'dosing', 'integration', 'maintenance')))
    ),
    grouped AS (
      SELECT patient_id, code,
             (array['info', 'warning', 'urgent'])[max(CASE severity WHEN 'urgent' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END)] AS severity,
             min(since) AS since
        FROM reasons GROUP BY patient_id, code
    )
    SELECT vis.id AS patient_id, vis.name AS patient_name,
           json_agg(json_strip_nulls(json_build_object('code', split_part(g.code, ':', 1), 'severity', g.severity, 'since', ${isoTimestampSql('g.since')},
                                                       'instrument', CASE WHEN g.code LIKE 'measure_overdue:%' THEN split_part(g.code, ':', 2) END,
                                                       'instruments', CASE WHEN g.code LIKE 'questionnaire_due:%' THEN to_json(string_to_array(split_part(g.code, ':', 2), ',')) END,
                                                       'updateKind', CASE WHEN g.code LIKE 'unacknowledged_update:%' THEN split_part(g.code, ':', 2) END))) AS reasons
      FROM grouped g JOIN vis ON vis.id = g.patient_id
     GROUP BY vis.id, vis.name`;
}
