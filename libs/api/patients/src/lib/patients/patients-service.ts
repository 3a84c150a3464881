import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AutocommitQueries,
  Clock,
  decodeCursor,
  pageLimit,
  requiredVersion,
  toPage,
  UnitOfWork,
  updateReturning,
  type RequestContext,
} from '@kap/api/core';
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
import { PATIENT_FROM, toPatient, toPatientForMedicalTeam, type PatientRow } from './patient-mapper';
import type {
  ArchivePatientBody,
  CreatePatientBody,
  PatientListQuery,
  UpdatePatientBody,
} from './patient-requests';

/** The fields of a patient as stored, after a create or a merge of a partial update. */
interface PatientFields {
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  pronouns: string | null;
  email: string | null;
  phone: string | null;
  conditions: string[];
  externalRef: string | null;
  primaryTherapistId: string;
}

const EARLIEST_BIRTH = '1900-01-01';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caseload: who sees which patients, and the record's life from creation to archive. */
@Injectable()
export class PatientsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly autocommit: AutocommitQueries,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
  ) {}

  async list(ctx: RequestContext, query: PatientListQuery): Promise<Page<PatientSummary>> {
    const limit = pageLimit(query);
    const today = this.access.today();
    const after = await this.cursorPosition(ctx, query.cursor);
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['p.archived_at IS NULL', this.access.visibleSql(ctx, today, param)];

    const searchKey = query.q === undefined ? '' : nameSearchKey(query.q);
    if (searchKey !== '') {
      const { from, to } = prefixRange(searchKey);
      const a = param(from);
      const b = param(to);
      where.push(`((p.search_given_family >= ${a} AND p.search_given_family < ${b})
        OR (p.search_family_given >= ${a} AND p.search_family_given < ${b})
        OR (p.search_preferred_family >= ${a} AND p.search_preferred_family < ${b}))`);
    }
    if (after) where.push(`(p.sort_key, p.id) > (${param(after.sortKey)}, ${param(after.id)}::uuid)`);

    // Hot read (P3): straight through the pool, no query runner per statement.
    const rows: PatientRow[] = await this.autocommit.query(
      `${PATIENT_FROM} WHERE ${where.join(' AND ')} ORDER BY p.sort_key, p.id LIMIT ${param(limit + 1)}`,
      params,
    );
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
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const [last] = UUID.test(id)
      ? await this.autocommit.query(
          `SELECT p.sort_key FROM patient p
             LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
            WHERE p.id = ${param(id)} AND ${this.access.visibleSql(ctx, null, param)}`,
          params,
        )
      : [];
    if (!last)
      throw new ValidationFailed([
        { field: 'cursor', problem: 'is not a cursor this list gave out; start again without it' },
      ]);
    return { id, sortKey: last.sort_key };
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
        const now = this.clock.now();
        const keys = patientNameKeys(fields);
        const [{ id }] = await manager.query(
          `INSERT INTO patient (practice_id, primary_therapist_id, given_name, family_name, preferred_name, date_of_birth,
           pronouns, email, phone, conditions, external_ref, search_given_family, search_family_given,
           search_preferred_family, sort_key, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
         RETURNING id`,
          [
            ctx.actor.organizationId,
            fields.primaryTherapistId,
            fields.givenName,
            fields.familyName,
            fields.preferredName,
            fields.dateOfBirth,
            fields.pronouns,
            fields.email,
            fields.phone,
            fields.conditions,
            fields.externalRef,
            keys.givenFamily,
            keys.familyGiven,
            keys.preferredFamily,
            keys.sortKey,
            ctx.actor.id,
            now,
          ],
        );
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
        const keys = patientNameKeys(fields);
        const updated = await updateReturning<{ id: string }>(
          manager,
          `UPDATE patient
              SET given_name = $3, family_name = $4, preferred_name = $5, date_of_birth = $6, pronouns = $7,
                  email = $8, phone = $9, conditions = $10, external_ref = $11, primary_therapist_id = $12,
                  search_given_family = $13, search_family_given = $14, search_preferred_family = $15, sort_key = $16,
                  version = version + 1, updated_at = $17
            WHERE id = $1 AND version = $2 AND archived_at IS NULL
            RETURNING id`,
          [
            id,
            version,
            fields.givenName,
            fields.familyName,
            fields.preferredName,
            fields.dateOfBirth,
            fields.pronouns,
            fields.email,
            fields.phone,
            fields.conditions,
            fields.externalRef,
            fields.primaryTherapistId,
            keys.givenFamily,
            keys.familyGiven,
            keys.preferredFamily,
            keys.sortKey,
            this.clock.now(),
          ],
        );
        // Someone else's update landed between our read and our write.
        if (updated.length === 0) throw new VersionConflict(toPatient(await this.row(manager, id), today));
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
        const [{ open }]: { open: number }[] = await manager.query(
          `SELECT count(*)::int AS open FROM alert a
            WHERE a.patient_id = $1 AND a.severity IN ('urgent', 'warning')
              AND NOT EXISTS (SELECT 1 FROM alert_acknowledgement k WHERE k.alert_id = a.id AND k.side = 'practice')`,
          [id],
        );
        if (open > 0) {
          throw new DomainError(
            'open_alerts',
            `This patient has ${open === 1 ? 'an open alert' : `${open} open alerts`}. Acknowledge ${open === 1 ? 'it' : 'them'} first, then archive the record.`,
          );
        }
        const now = this.clock.now();
        await manager.query(
          `UPDATE patient SET archived_at = $2, archived_by = $3, archive_reason = $4, version = version + 1, updated_at = $2
            WHERE id = $1 AND archived_at IS NULL`,
          [id, now, ctx.actor.id, body.reason.trim()],
        );
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
    const [row] = await manager.query(`${PATIENT_FROM} WHERE p.id = $1 AND p.archived_at IS NULL`, [id]);
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
    const [therapist] = await manager.query(
      `SELECT 1 FROM app_user WHERE id = $1 AND organization_id = $2 AND role = 'therapist' AND active`,
      [therapistId, ctx.actor.organizationId],
    );
    if (!therapist) {
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
