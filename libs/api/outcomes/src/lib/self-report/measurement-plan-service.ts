import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, requiredVersion, type RequestContext } from '@kap/api/platform';
import { PatientAccess, type AuditTarget } from '@kap/api/patients';
import type { MeasurementPlan } from '@kap/shared/contracts';
import {
  measurementPlanProblems,
  NotFound,
  ValidationFailed,
  VersionConflict,
  type MeasurementPlanRule,
} from '@kap/shared/domain';
import { MeasurementPlanRepository } from './measurement-plan-repository';
import type { PutMeasurementPlanBody } from './self-report-requests';

/**
 * A course's measurement plan: which questionnaires the server sends the patient, and when
 * (`QuestionnairePlanJob` creates the requests). Replaced whole with `If-Match: "<version>"`;
 * a course without a plan is `{ rules: [], version: 0 }`.
 */
@Injectable()
export class MeasurementPlanService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: MeasurementPlanRepository,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
  ) {}

  async get(ctx: RequestContext, courseId: string): Promise<MeasurementPlan> {
    const patientId = await this.plans.patientOfCourse(this.dataSource.manager, courseId);
    const target: AuditTarget = {
      action: 'measurement_plan.read',
      entityType: 'course',
      entityId: courseId,
      patientId,
    };
    return this.access.audited(ctx, target, async () => {
      if (!patientId) throw new NotFound();
      await this.access.require(this.dataSource.manager, ctx, patientId);
      const plan = await this.read(this.dataSource.manager, courseId);
      await this.access.recordSuccess(ctx, target, {});
      return plan;
    });
  }

  async put(ctx: RequestContext, courseId: string, body: PutMeasurementPlanBody): Promise<MeasurementPlan> {
    const version = requiredVersion(ctx);
    const problems = measurementPlanProblems(body.rules);
    if (problems.length > 0) throw new ValidationFailed(problems);
    // Stored in the rule's own field order, without anything else a client may have sent.
    const rules: MeasurementPlanRule[] = body.rules.map((rule) =>
      rule.every === 'dosing_session'
        ? { instrument: rule.instrument, every: rule.every, offsetHours: rule.offsetHours }
        : { instrument: rule.instrument, every: rule.every, days: rule.days },
    );
    const patientId = await this.plans.patientOfCourse(this.dataSource.manager, courseId);
    const target: AuditTarget = {
      action: 'measurement_plan.update',
      entityType: 'course',
      entityId: courseId,
      patientId,
    };
    return this.access.audited(ctx, target, () =>
      this.dataSource.transaction(async (manager) => {
        if (!patientId) throw new NotFound();
        // The patient row's lock queues writes to this patient's record, this plan's included.
        await this.access.require(manager, ctx, patientId, { need: 'practice', lock: true });
        const current = await this.read(manager, courseId);
        if (current.version !== version) throw new VersionConflict(current);
        const plan = { rules, by: ctx.actor.id, at: this.clock.now() };
        if (version === 0) await this.plans.insert(manager, courseId, plan);
        else await this.plans.update(manager, courseId, version, plan);
        await this.access.recordSuccess(ctx, target, { rules: rules.length }, manager);
        return this.read(manager, courseId);
      }),
    );
  }

  private async read(manager: EntityManager, courseId: string): Promise<MeasurementPlan> {
    const row = await this.plans.find(manager, courseId);
    return row ? { rules: row.rules, version: row.version } : { rules: [], version: 0 };
  }
}
