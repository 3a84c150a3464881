import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  requiredVersion,
  toPage,
  UnitOfWork,
  type RequestContext,
} from '@kap/api/platform';
import type { Page, Patient, PatientForMedicalTeam, PatientSummary } from '@kap/shared/contracts';
import {
  DomainError,
  nameSearchKey,
  NotFound,
  patientNameKeys,
  prefixRange,
  ValidationFailed,
  VersionConflict,
} from '@kap/shared/domain';
import { PatientAccess, type AuditTarget } from '../access/patient-access';
import { toPatient, toPatientForMedicalTeam, type PatientRow } from './patient-mapper';
import type {
  ArchivePatientBody,
  CreatePatientBody,
  PatientListQuery,
  UpdatePatientBody,
} from './patient-requests';
import { PatientsRepository, type PatientFields } from './patients-repository';

const EARLIEST_BIRTH = '1900-01-01';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caseload: who sees which patients, and the record's life from creation to archive. */
@Injectable()
export class PatientsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsRepository,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
  ) {}

  async list(ctx: RequestContext, query: PatientListQuery): Promise<Page<PatientSummary>> {
    const limit = pageLimit(query);
    const today = this.access.today();
    const after = await this.cursorPosition(ctx, query.cursor);
    const searchKey = query.q === undefined ? '' : nameSearchKey(query.q);
    const rows = await this.patients.caseload((param) => this.access.visibleSql(ctx, today, param), {
      search: searchKey === '' ? null : prefixRange(searchKey),
      after,
      take: limit + 1,
    });
    const page = toPage(
      rows,
      limit,
      (row) => [row.id],
      (row) => toPatientForMedicalTeam(row, today),
    );
    await this.access.recordSuccess(
      ctx,
      { action: 'patient.list', entityType: 'patient', entityId: null, patientId: null },
      { patientIds: page.items.map((item) => item.id), searched: searchKey !== '' },
    );
    return page;
  }

  /**
   * The cursor names the last patient seen, never a name, so patient data stays out of URLs. The
   * position is looked up within what the caller may list, so a foreign id reveals nothing.
   */
  private async cursorPosition(
    ctx: RequestContext,
    cursor: string | undefined,
  ): Promise<{ id: string; sortKey: string } | null> {
    const after = decodeCursor(cursor, ['string']);
    if (!after) return null;
    const id = String(after[0]);
    const sortKey = UUID.test(id)
      ? await this.patients.sortKeyOf(id, (param) => this.access.visibleSql(ctx, null, param))
      : null;
    if (sortKey === null)
      throw new ValidationFailed([
        { field: 'cursor', problem: 'is not a cursor this list gave out; start again without it' },
      ]);
    return { id, sortKey };
  }

  async get(ctx: RequestContext, id: string): Promise<Patient | PatientForMedicalTeam> {
    const target = this.target('patient.read', id);
    return this.access.audited(ctx, target, async () => {
      const view = await this.access.require(this.dataSource.manager, ctx, id);
      const patient = await this.load(this.dataSource.manager, id, view);
      await this.access.recordSuccess(ctx, target);
      return patient;
    });
  }

  async create(ctx: RequestContext, body: CreatePatientBody): Promise<Patient> {
    const today = this.access.today();
    const fields: PatientFields = {
      givenName: body.givenName.trim(),
      familyName: body.familyName.trim(),
      preferredName: blankToNull(body.preferredName),
      dateOfBirth: body.dateOfBirth,
      pronouns: blankToNull(body.pronouns),
      email: blankToNull(body.email),
      phone: blankToNull(body.phone),
      conditions: [...new Set(body.conditions)],
      externalRef: blankToNull(body.externalRef),
      primaryTherapistId: this.primaryTherapistFor(ctx, body.primaryTherapistId),
    };
    this.checkDateOfBirth(fields.dateOfBirth, today);
    // Like every other create, a refusal is audited: a replay of a patient the caller can no longer
    // see answers 404 with a `denied` event naming that patient (R10).
    const target: AuditTarget = {
      action: 'patient.create',
      entityType: 'patient',
      entityId: null,
      patientId: null,
    };
    const replay = (manager: EntityManager, stored: Patient) => {
      target.entityId = target.patientId = stored.id;
      return this.access.require(manager, ctx, stored.id);
    };
    return this.access.audited(ctx, target, () =>
      this.work.create(ctx, 'POST /api/patients', body, replay, async (manager) => {
        await this.checkTherapist(manager, ctx, fields.primaryTherapistId);
        const id = await this.patients.insert(manager, {
          practiceId: ctx.actor.organizationId,
          createdBy: ctx.actor.id,
          now: this.clock.now(),
          fields,
          keys: patientNameKeys(fields),
        });
        await this.access.recordSuccess(ctx, this.target('patient.create', id), {}, manager);
        return toPatient(await this.row(manager, id), today);
      }),
    );
  }

  async update(ctx: RequestContext, id: string, body: UpdatePatientBody): Promise<Patient> {
    const version = requiredVersion(ctx);
    const target = this.target('patient.update', id);
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        await this.access.require(manager, ctx, id, { need: 'practice' });
        const today = this.access.today();
        const current = await this.row(manager, id);
        if (current.version !== version) throw new VersionConflict(toPatient(current, today));
        if (
          body.primaryTherapistId !== undefined &&
          body.primaryTherapistId !== current.primary_therapist_id
        ) {
          if (ctx.actor.role !== 'practice_admin') {
            throw new ValidationFailed([
              { field: 'primaryTherapistId', problem: 'can be changed by a practice admin only' },
            ]);
          }
          await this.checkTherapist(manager, ctx, body.primaryTherapistId);
        }
        const fields: PatientFields = {
          givenName: body.givenName?.trim() ?? current.given_name,
          familyName: body.familyName?.trim() ?? current.family_name,
          preferredName:
            body.preferredName === undefined ? current.preferred_name : blankToNull(body.preferredName),
          dateOfBirth: body.dateOfBirth ?? current.date_of_birth,
          pronouns: body.pronouns === undefined ? current.pronouns : blankToNull(body.pronouns),
          email: body.email === undefined ? current.email : blankToNull(body.email),
          phone: body.phone === undefined ? current.phone : blankToNull(body.phone),
          conditions: body.conditions ? [...new Set(body.conditions)] : current.conditions,
          externalRef: body.externalRef === undefined ? current.external_ref : blankToNull(body.externalRef),
          primaryTherapistId: body.primaryTherapistId ?? current.primary_therapist_id,
        };
        this.checkDateOfBirth(fields.dateOfBirth, today);
        const updated = await this.patients.update(manager, id, version, {
          fields,
          keys: patientNameKeys(fields),
          now: this.clock.now(),
        });
        // Someone else's update landed between our read and our write.
        if (!updated) throw new VersionConflict(toPatient(await this.row(manager, id), today));
        const changed = Object.keys(body).filter((key) => body[key as keyof UpdatePatientBody] !== undefined);
        await this.access.recordSuccess(ctx, target, { fields: changed }, manager);
        return toPatient(await this.row(manager, id), today);
      }),
    );
  }

  /** Archive, never delete: the row stays for the record and the audit trail, and reads answer 404. */
  async archive(ctx: RequestContext, id: string, body: ArchivePatientBody): Promise<void> {
    const target = this.target('patient.archive', id);
    await this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        await this.access.require(manager, ctx, id, { need: 'practice', lock: true });
        // An archived patient leaves every list: a safety alert must not leave with them unseen.
        const open = await this.patients.openSafetyAlerts(manager, id);
        if (open > 0) {
          throw new DomainError(
            'open_alerts',
            `This patient has ${open === 1 ? 'an open alert' : `${open} open alerts`}. Acknowledge ${open === 1 ? 'it' : 'them'} first, then archive the record.`,
          );
        }
        await this.patients.archive(manager, id, {
          at: this.clock.now(),
          by: ctx.actor.id,
          reason: body.reason.trim(),
        });
        await this.access.recordSuccess(ctx, target, {}, manager);
      }),
    );
  }

  /** The record in the view the caller was granted. */
  async load(
    manager: EntityManager,
    id: string,
    view: 'practice' | 'medical_team',
  ): Promise<Patient | PatientForMedicalTeam> {
    const row = await this.row(manager, id);
    return view === 'practice'
      ? toPatient(row, this.access.today())
      : toPatientForMedicalTeam(row, this.access.today());
  }

  private async row(manager: EntityManager, id: string): Promise<PatientRow> {
    const row = await this.patients.findCurrent(manager, id);
    if (!row) throw new NotFound();
    return row;
  }

  /** A therapist is the primary therapist of the patients they create; an admin names one. */
  private primaryTherapistFor(ctx: RequestContext, requested: string | undefined): string {
    if (ctx.actor.role === 'therapist') {
      if (requested !== undefined && requested !== ctx.actor.id) {
        throw new ValidationFailed([
          {
            field: 'primaryTherapistId',
            problem: 'must be left out: you become the primary therapist; a practice admin can reassign',
          },
        ]);
      }
      return ctx.actor.id;
    }
    if (requested === undefined) {
      throw new ValidationFailed([
        { field: 'primaryTherapistId', problem: 'is required: name the therapist who will see this patient' },
      ]);
    }
    return requested;
  }

  private async checkTherapist(
    manager: EntityManager,
    ctx: RequestContext,
    therapistId: string,
  ): Promise<void> {
    if (therapistId === ctx.actor.id && ctx.actor.role === 'therapist') return;
    if (!(await this.patients.isActiveTherapist(manager, therapistId, ctx.actor.organizationId))) {
      throw new ValidationFailed([
        { field: 'primaryTherapistId', problem: 'must be the id of an active therapist of this practice' },
      ]);
    }
  }

  private checkDateOfBirth(dateOfBirth: string, today: string): void {
    if (dateOfBirth > today)
      throw new ValidationFailed([{ field: 'dateOfBirth', problem: 'cannot be in the future' }]);
    if (dateOfBirth < EARLIEST_BIRTH)
      throw new ValidationFailed([{ field: 'dateOfBirth', problem: 'must be in 1900 or later' }]);
  }

  private target(action: string, patientId: string): AuditTarget {
    return { action, entityType: 'patient', entityId: patientId, patientId };
  }
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
