import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  toPage,
  type PageQuery,
  type RequestContext,
} from '@kap/api/platform';
import { PatientAccess, type AuditTarget } from '@kap/api/patients';
import type { Disclosure, Page } from '@kap/shared/contracts';
import { toDisclosure } from './disclosure-mapper';
import { DisclosuresRepository, type DisclosureEntry } from './disclosures-repository';

export type { DisclosureEntry } from './disclosures-repository';

/**
 * The accounting of disclosures (R12): everything that left the practice for a medical team,
 * written in the transaction that let it leave, never changed afterwards.
 */
@Injectable()
export class DisclosuresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
    private readonly disclosures: DisclosuresRepository,
  ) {}

  /** Call with the transaction's manager: the disclosure commits with what was disclosed. */
  record(manager: EntityManager, ctx: RequestContext, entry: DisclosureEntry): Promise<string> {
    return this.disclosures.insert(manager, {
      ...entry,
      disclosedAt: this.clock.now(),
      disclosedBy: ctx.actor.id,
    });
  }

  /** Newest first. The practice's own record: the medical team never reads it. */
  async list(ctx: RequestContext, patientId: string, query: PageQuery): Promise<Page<Disclosure>> {
    const target: AuditTarget = {
      action: 'disclosure.list',
      entityType: 'disclosure',
      entityId: null,
      patientId,
    };
    return this.access.audited(ctx, target, async () => {
      await this.access.require(this.dataSource.manager, ctx, patientId, { need: 'practice' });
      const limit = pageLimit(query);
      const after = decodeCursor(query.cursor, ['string', 'string']);
      const rows = await this.disclosures.listOfPatient(patientId, after, limit);
      await this.access.recordSuccess(ctx, target);
      return toPage(rows, limit, (r) => [new Date(r.disclosed_at).toISOString(), r.id], toDisclosure);
    });
  }
}
