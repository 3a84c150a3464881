import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  requiredVersion,
  toPage,
  UnitOfWork,
  type PageQuery,
  type RequestContext,
} from '@kap/api/platform';
import type { Course, DosePlan, Page, VitalsLimits } from '@kap/shared/contracts';
import {
  NotFound,
  ValidationFailed,
  VersionConflict,
  vitalsLimitsProblems,
  type FieldProblem,
} from '@kap/shared/domain';
import { PatientAccess, type AuditTarget } from '../access/patient-access';
import { toCourse, type CourseRow } from './course-mapper';
import { CoursesRepository, type CoursePosition } from './courses-repository';
import type { CreateCourseBody, UpdateCourseBody } from './course-requests';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * KAP treatment courses. The dose plan and vitals limits are stored exactly as the prescriber
 * ordered them: the software never computes or adjusts a dose.
 */
@Injectable()
export class CoursesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly courses: CoursesRepository,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
  ) {}

  /** Newest first (by `startedOn`). */
  async list(ctx: RequestContext, patientId: string, query: PageQuery): Promise<Page<Course>> {
    const limit = pageLimit(query);
    const target: AuditTarget = { action: 'course.list', entityType: 'course', entityId: null, patientId };
    return this.access.audited(ctx, target, async () => {
      await this.access.require(this.dataSource.manager, ctx, patientId);
      const after = decodeCursor(query.cursor, ['string']);
      let position: CoursePosition | undefined;
      if (after) {
        const afterId = String(after[0]);
        position = UUID.test(afterId) ? await this.courses.position(afterId, patientId) : undefined;
        if (!position)
          throw new ValidationFailed([
            { field: 'cursor', problem: 'is not a cursor this list gave out; start again without it' },
          ]);
      }
      const rows = await this.courses.page(
        patientId,
        after && position ? { position, id: String(after[0]) } : null,
        limit + 1,
      );
      const page = toPage(rows, limit, (row) => [row.id], toCourse);
      await this.access.recordSuccess(ctx, target, { courseIds: page.items.map((course) => course.id) });
      return page;
    });
  }

  async create(ctx: RequestContext, patientId: string, body: CreateCourseBody): Promise<Course> {
    checkOrders(body);
    const target: AuditTarget = { action: 'course.create', entityType: 'course', entityId: null, patientId };
    const replay = this.access.onReplay(ctx, patientId, { need: 'practice' });
    return this.access.audited(ctx, target, () =>
      this.work.create(ctx, `POST /api/patients/${patientId}/courses`, body, replay, async (manager) => {
        await this.access.require(manager, ctx, patientId, { need: 'practice' });
        const id = await this.courses.insert(manager, {
          patientId,
          createdBy: ctx.actor.id,
          now: this.clock.now(),
          fields: {
            indication: body.indication,
            phase: body.phase ?? 'referred',
            startedOn: body.startedOn,
            plannedDosingSessions: body.plannedDosingSessions ?? null,
            dosePlan: asOrdered(body.dosePlan),
            vitalsLimits: asOrdered(body.vitalsLimits),
          },
        });
        target.entityId = id;
        await this.access.recordSuccess(ctx, target, {}, manager);
        return toCourse(await this.row(manager, id));
      }),
    );
  }

  async update(ctx: RequestContext, courseId: string, body: UpdateCourseBody): Promise<Course> {
    const version = requiredVersion(ctx);
    checkOrders(body);
    const target: AuditTarget = {
      action: 'course.update',
      entityType: 'course',
      entityId: courseId,
      patientId: null,
    };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        const current = await this.row(manager, courseId);
        target.patientId = current.patient_id;
        await this.access.require(manager, ctx, current.patient_id, { need: 'practice' });
        if (current.version !== version) throw new VersionConflict(toCourse(current));
        const updated = await this.courses.update(manager, courseId, version, {
          fields: {
            indication: body.indication ?? current.indication,
            phase: body.phase ?? current.phase,
            startedOn: body.startedOn ?? current.started_on,
            plannedDosingSessions:
              body.plannedDosingSessions === undefined
                ? current.planned_dosing_sessions
                : body.plannedDosingSessions,
            dosePlan: body.dosePlan === undefined ? asOrdered(current.dose_plan) : asOrdered(body.dosePlan),
            vitalsLimits:
              body.vitalsLimits === undefined
                ? asOrdered(current.vitals_limits)
                : asOrdered(body.vitalsLimits),
          },
          now: this.clock.now(),
        });
        if (!updated) throw new VersionConflict(toCourse(await this.row(manager, courseId)));
        const changed = Object.keys(body).filter((key) => body[key as keyof UpdateCourseBody] !== undefined);
        await this.access.recordSuccess(ctx, target, { fields: changed }, manager);
        return toCourse(await this.row(manager, courseId));
      }),
    );
  }

  private async row(manager: EntityManager, id: string): Promise<CourseRow> {
    const row = await this.courses.find(manager, id);
    if (!row) throw new NotFound();
    return row;
  }
}

/** The order's own words: stored as given, keys and numbers untouched. */
function asOrdered(value: object | null | undefined): string | null {
  return value ? JSON.stringify(value) : null;
}

/** A range the wrong way round cannot be what was ordered: ask for it again rather than guess. */
function checkOrders(body: { dosePlan?: DosePlan | null; vitalsLimits?: VitalsLimits | null }): void {
  const plan = body.dosePlan;
  const problems: FieldProblem[] = [];
  if (plan?.doseMgMin !== undefined && plan.doseMgMax !== undefined && plan.doseMgMin > plan.doseMgMax) {
    problems.push({
      field: 'dosePlan.doseMgMax',
      problem: 'must not be below dosePlan.doseMgMin; copy the range as ordered',
    });
  }
  problems.push(...vitalsLimitsProblems(body.vitalsLimits));
  if (problems.length > 0) throw new ValidationFailed(problems);
}
