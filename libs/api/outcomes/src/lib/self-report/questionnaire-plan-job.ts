import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, PeriodicJob, type AppConfig } from '@kap/api/platform';
import { AuditLog } from '@kap/api/audit';
import { PublicRateLimit } from '@kap/api/identity';
import { PLAN_DAYS_PHASES, planTimings, type PlanTiming } from '@kap/shared/domain';
import { MeasurementPlanRepository, type PlannedCourseRow } from './measurement-plan-repository';
import { jobOrigin, linkUrl, newLinkToken } from './questionnaire-links';
import { QuestionnaireRequestsRepository } from './questionnaire-requests-repository';
import { DEFAULT_EXPIRES_IN_HOURS, QuestionnaireRequestsService } from './questionnaire-requests-service';

const POLL_INTERVAL_MS = 60_000;
const HOUR_MS = 60 * 60 * 1000;

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
    private readonly plans: MeasurementPlanRepository,
    private readonly stored: QuestionnaireRequestsRepository,
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
    const courses = await this.plans.plannedCourses();
    let created = 0;
    for (const course of courses) {
      for (const due of await this.occurrences(course)) {
        if (await this.claim(course, due)) created++;
      }
    }
    return created;
  }

  private async occurrences(course: PlannedCourseRow): Promise<Occurrence[]> {
    const now = this.clock.now();
    const due: Occurrence[] = [];
    for (const timing of planTimings(course.rules)) {
      if (timing.every === 'dosing_session') {
        // Doses whose offset has passed, and whose request would still be open now.
        const doses = await this.plans.dosesDue(
          course.course_id,
          now,
          timing.amount,
          DEFAULT_EXPIRES_IN_HOURS,
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
        const period = await this.plans.currentPeriod(
          course.started_on,
          now,
          timing.amount,
          course.time_zone,
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
  private async claim(course: PlannedCourseRow, due: Occurrence): Promise<boolean> {
    const { token, hash } = newLinkToken();
    const now = this.clock.now();
    const expiresAt = new Date(due.dueAt.getTime() + due.expiresInHours * HOUR_MS);
    const request = await this.dataSource.transaction(async (manager) => {
      const row = await this.stored.insertPlanned(manager, {
        patientId: course.patient_id,
        courseId: course.course_id,
        instruments: due.timing.instruments,
        tokenHash: hash,
        timing: due.timing.key,
        occurrence: due.occurrence,
        createdAt: now,
        expiresAt,
      });
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
