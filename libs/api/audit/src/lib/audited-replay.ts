import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReplayAudit, type ReplayedAnswer, type RequestContext } from '@kap/api/platform';
import { AuditLog } from './audit-log';

/** The audit trail's side of `ReplayAudit`: one `idempotent_replay` event in the replay's transaction. */
@Injectable()
export class AuditedReplay extends ReplayAudit {
  constructor(private readonly audit: AuditLog) {
    super();
  }

  async replayed(
    ctx: Pick<RequestContext, 'actor' | 'requestId' | 'ip'>,
    answer: ReplayedAnswer,
    manager: EntityManager,
  ): Promise<void> {
    await this.audit.record(
      {
        action: 'idempotent_replay',
        outcome: 'success',
        actorId: ctx.actor.id,
        actorRole: ctx.actor.role,
        organizationId: ctx.actor.organizationId,
        entityId: answer.recordId,
        patientId: answer.patientId,
        requestId: ctx.requestId,
        ip: ctx.ip,
        detail: { route: answer.route.replace(/[0-9a-f-]{36}/g, ':id') },
      },
      manager,
    );
  }
}
