import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, UnitOfWork, type RequestContext } from '@kap/api/platform';
import { OutboxWriter } from '@kap/api/webhooks';
import type { MedicalStatus, MedicalStatusHistory, MedicalStatusSource } from '@kap/shared/contracts';
import { ValidationFailed } from '@kap/shared/domain';
import { PatientAccess } from '../access/patient-access';
import { currentMedicalStatus, toMedicalStatus } from './medical-status-mapper';
import { MedicalStatusRepository } from './medical-status-repository';
import type { CreateMedicalStatusBody } from './medical-status-requests';

/** A status may be dated a little ahead (clocks differ), never into another day. */
const MAX_AS_OF_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * The medical team's status for a patient: append-only entries; `current` is their merge, each
 * field from the newest entry (by `asOf`) that states it.
 * The team writes them itself (`medical_team`) or the therapist copies its portal (`therapist_mirror`).
 */
@Injectable()
export class MedicalStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly entries: MedicalStatusRepository,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async history(ctx: RequestContext, patientId: string): Promise<MedicalStatusHistory> {
    const target = { action: 'medical_status.read', entityType: 'medical_status', entityId: null, patientId };
    return this.access.audited(ctx, target, async () => {
      await this.access.require(this.dataSource.manager, ctx, patientId);
      const rows = await this.entries.history(patientId);
      await this.access.recordSuccess(ctx, target, { entries: rows.length });
      return { current: currentMedicalStatus(rows), history: rows.map(toMedicalStatus) };
    });
  }

  async record(
    ctx: RequestContext,
    patientId: string,
    body: CreateMedicalStatusBody,
  ): Promise<MedicalStatus> {
    if (
      body.eligibility === undefined &&
      body.prescription === undefined &&
      body.nextFollowUpDue === undefined &&
      body.monitoring === undefined &&
      body.note === undefined
    ) {
      throw new ValidationFailed([
        {
          field: 'eligibility',
          problem:
            'or one of prescription, nextFollowUpDue, monitoring, note must be given: an entry needs something to say',
        },
      ]);
    }
    const now = this.clock.now();
    if (Date.parse(body.asOf) - now.getTime() > MAX_AS_OF_AHEAD_MS) {
      throw new ValidationFailed([{ field: 'asOf', problem: 'cannot be in the future' }]);
    }
    // A member of the team speaks for the team; a therapist can only mirror what the team said.
    const source: MedicalStatusSource =
      ctx.actor.organizationKind === 'medical_team' ? 'medical_team' : 'therapist_mirror';
    const target = {
      action: 'medical_status.create',
      entityType: 'medical_status',
      entityId: null as string | null,
      patientId,
    };
    const need = source === 'medical_team' ? 'medical_team' : 'practice';
    const replay = this.access.onReplay(ctx, patientId, { need });
    return this.access.audited(ctx, target, () =>
      this.work.create(
        ctx,
        `POST /api/patients/${patientId}/medical-status`,
        body,
        replay,
        async (manager) => {
          await this.access.require(manager, ctx, patientId, { need });
          const id = await this.entries.insert(manager, {
            patientId,
            asOf: new Date(body.asOf),
            eligibility: body.eligibility ?? null,
            prescription: body.prescription ? JSON.stringify(body.prescription) : null,
            nextFollowUpDue: body.nextFollowUpDue ?? null,
            monitoring: body.monitoring ?? null,
            note: body.note?.trim() ?? null,
            source,
            enteredBy: ctx.actor.id,
            createdAt: now,
          });
          target.entityId = id;
          await this.access.recordSuccess(ctx, target, { source }, manager);
          const status = toMedicalStatus(await this.entries.find(manager, id));
          // Codes and dates only: the free-text note stays behind (the team reads it through the API).
          await this.outbox.enqueue(manager, {
            type: 'medical_status.recorded',
            patientId,
            data: {
              medicalStatusId: id,
              asOf: status.asOf,
              source,
              eligibility: status.eligibility,
              prescription: status.prescription,
              nextFollowUpDue: status.nextFollowUpDue,
              monitoring: status.monitoring,
              hasNote: status.note !== null,
            },
          });
          return status;
        },
      ),
    );
  }
}
