import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AuditLog, Clock, PeriodicJob, PublicRateLimit, type AppConfig } from '@kap/api/core';
import { PLAN_DAYS_PHASES, planTimings, type MeasurementPlanRule, type PlanTiming } from '@kap/shared/domain';
import { jobOrigin, linkUrl, newLinkToken } from './questionnaire-links';
import { DEFAULT_EXPIRES_IN_HOURS, QuestionnaireRequestsService } from './questionnaire-requests-service';

const POLL_INTERVAL_MS = 60_000;
const HOUR_MS = 60 * 60 * 1000;

interface PlannedCourse {
  course_id: string;
  patient_id: string;
  phase: string;
  started_on: string;
  time_zone: string;
  email: string | null;
  practice_name: string;
  rules: MeasurementPlanRule[];
}

/** One request the plan makes due: which timing and occurrence of it, and when it closes. */
interface Occurrence {
  timing: PlanTiming;
  /** The dosing session's id, or the period's number (`every: "days"`). */
  occurrence: string;
  dueAt: Date;
  expiresInHours: number;
}

/**
 * Creates the questionnaire requests that courses' measurement plans make due, and mails them when
 * mail is on. A request is created only while it could still be answered: a dose's occurrence
 * from `offsetHours` after the dose for the usual 72 hours; a period's (`every: "days"`, while
 * the course is in preparation, dosing or integration) from the period's first midnight in the
 * practice's time zone. Safe on several API instances: each (course, timing, occurrence) is
 * claimed by one INSERT … ON CONFLICT DO NOTHING on a unique index; only the instance whose insert
 * made the row mails it. Runs where the webhook worker runs (WEBHOOK_WORKER); tests call
 * `createDue()`. Also forgets the public routes' past rate-limit windows.
 */
@Injectable()
export class QuestionnairePlanJob extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: QuestionnaireRequestsService,
    private readonly audit: AuditLog,
    private readonly rateLimit: PublicRateLimit,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('questionnaire plan', POLL_INTERVAL_MS, config.webhookWorker);
  }

  protected async runDue(): Promise<number> {
    await this.rateLimit.forgetPast();
    return this.createDue();
  }

  /** Creates every request due now that no instance has created yet; answers how many it created. */
  async createDue(): Promise<number> {
    const courses: PlannedCourse[] = await this.dataSource.query(
      `SELECT mp.course_id, c.patient_id, c.phase, to_char(c.started_on, 'YYYY-MM-DD') AS started_on, o.time_zone,
              p.email, o.name AS practice_name, mp.rules
         FROM measurement_plan mp
         JOIN course c ON c.id = mp.course_id AND c.phase NOT IN ('completed', 'discontinued')
         JOIN patient p ON p.id = c.patient_id AND p.archived_at IS NULL
         JOIN organization o ON o.id = p.practice_id
        WHERE jsonb_array_length(mp.rules) > 0`,
    );
    let created = 0;
    for (const course of courses) {
      for (const due of await this.occurrences(course)) {
        if (await this.claim(course, due)) created++;
      }
    }
    return created;
  }

  private async occurrences(course: PlannedCourse): Promise<Occurrence[]> {
    const now = this.clock.now();
    const due: Occurrence[] = [];
    for (const timing of planTimings(course.rules)) {
      if (timing.every === 'dosing_session') {
        // Doses whose offset has passed, and whose request would still be open now.
        const doses: { id: string; occurred_at: Date }[] = await this.dataSource.query(
          `SELECT id, occurred_at FROM therapy_session
            WHERE course_id = $1 AND kind = 'dosing' AND archived_at IS NULL
              AND occurred_at <= $2::timestamptz - make_interval(hours => $3)
              AND occurred_at > $2::timestamptz - make_interval(hours => $3 + $4)`,
          [course.course_id, now, timing.amount, DEFAULT_EXPIRES_IN_HOURS],
        );
        for (const dose of doses) {
          due.push({
            timing,
            occurrence: dose.id,
            dueAt: new Date(new Date(dose.occurred_at).getTime() + timing.amount * HOUR_MS),
            expiresInHours: DEFAULT_EXPIRES_IN_HOURS,
          });
        }
      } else if ((PLAN_DAYS_PHASES as readonly string[]).includes(course.phase)) {
        // The current period, counted in whole days on the practice's calendar from the course's start.
        const [period]: { n: number; due_at: Date }[] = await this.dataSource.query(
          `SELECT n, (($1::date + n * $3::int)::timestamp AT TIME ZONE $4) AS due_at
             FROM (SELECT floor((($2::timestamptz AT TIME ZONE $4)::date - $1::date) / $3::numeric)::int AS n) k`,
          [course.started_on, now, timing.amount, course.time_zone],
        );
        const expiresInHours = Math.min(DEFAULT_EXPIRES_IN_HOURS, timing.amount * 24);
        const dueAt = new Date(period.due_at);
        // Period 0 starts with the course, where the intake measures stand; the plan asks from period 1.
        if (period.n >= 1 && dueAt.getTime() + expiresInHours * HOUR_MS > now.getTime()) {
          due.push({ timing, occurrence: String(period.n), dueAt, expiresInHours });
        }
      }
    }
    return due;
  }

  /** Creates the occurrence's request unless another run already has; mails it when this run made it. */
  private async claim(course: PlannedCourse, due: Occurrence): Promise<boolean> {
    const { token, hash } = newLinkToken();
    const now = this.clock.now();
    const expiresAt = new Date(due.dueAt.getTime() + due.expiresInHours * HOUR_MS);
    const request = await this.dataSource.transaction(async (manager) => {
      const [row]: { id: string; patient_id: string }[] = await manager.query(
        `INSERT INTO questionnaire_request (patient_id, course_id, instruments, token_hash, created_by, plan_timing, plan_occurrence, created_at, expires_at)
         VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8)
         ON CONFLICT (course_id, plan_timing, plan_occurrence) WHERE plan_timing IS NOT NULL DO NOTHING
         RETURNING id, patient_id`,
        [
          course.patient_id,
          course.course_id,
          due.timing.instruments,
          hash,
          due.timing.key,
          due.occurrence,
          now,
          expiresAt,
        ],
      );
      if (!row) return null;
      await this.audit.record(
        {
          action: 'questionnaire_request.create',
          outcome: 'success',
          entityType: 'questionnaire_request',
          entityId: row.id,
          patientId: row.patient_id,
          detail: {
            origin: 'plan',
            timing: due.timing.key,
            occurrence: due.occurrence,
            instruments: due.timing.instruments,
          },
        },
        manager,
      );
      return row;
    });
    if (!request) return false;
    const hoursLeft = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / HOUR_MS));
    const url = linkUrl(this.config, jobOrigin(this.config), token);
    await this.requests.mailLink(
      request,
      { email: course.email, practiceName: course.practice_name },
      url,
      hoursLeft,
    );
    return true;
  }
}
