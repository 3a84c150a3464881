import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, requiredVersion, type Queryable, type RequestContext } from '@kap/api/core';
import { PatientAccess, type AuditTarget } from '@kap/api/patients';
import type { MeasurementPlan } from '@kap/shared/contracts';
import {
  measurementPlanProblems,
  NotFound,
  ValidationFailed,
  VersionConflict,
  type MeasurementPlanRule,
} from '@kap/shared/domain';
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
    private readonly access: PatientAccess,
    private readonly clock: Clock,
  ) {}

  async get(ctx: RequestContext, courseId: string): Promise<MeasurementPlan> {
    const patientId = await this.patientOf(this.dataSource.manager, courseId);
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
    const patientId = await this.patientOf(this.dataSource.manager, courseId);
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
        const now = this.clock.now();
        if (version === 0) {
          await manager.query(
            `INSERT INTO measurement_plan (course_id, rules, version, updated_by, updated_at) VALUES ($1, $2, 1, $3, $4)`,
            [courseId, JSON.stringify(rules), ctx.actor.id, now],
          );
        } else {
          await manager.query(
            `UPDATE measurement_plan SET rules = $3, version = version + 1, updated_by = $4, updated_at = $5 WHERE course_id = $1 AND version = $2`,
            [courseId, version, JSON.stringify(rules), ctx.actor.id, now],
          );
        }
        await this.access.recordSuccess(ctx, target, { rules: rules.length }, manager);
        return this.read(manager, courseId);
      }),
    );
  }

  private async patientOf(db: Queryable, courseId: string): Promise<string | null> {
    const [row]: { patient_id: string }[] = await db.query(`SELECT patient_id FROM course WHERE id = $1`, [
      courseId,
    ]);
    return row?.patient_id ?? null;
  }

  private async read(manager: EntityManager, courseId: string): Promise<MeasurementPlan> {
    const [row]: { rules: MeasurementPlanRule[]; version: number }[] = await manager.query(
      `SELECT rules, version FROM measurement_plan WHERE course_id = $1`,
      [courseId],
    );
    return row ? { rules: row.rules, version: row.version } : { rules: [], version: 0 };
  }
}
