import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../http/request-context';

/** What a replayed answer is about: the route, and the record and patient it names, if any. */
export interface ReplayedAnswer {
  route: string;
  recordId: string | null;
  patientId: string | null;
}

/**
 * Where `UnitOfWork` reports an idempotent replay: a replay hands a stored answer (patient data)
 * out again without running the use case, so it leaves its own audit event (R10). The platform
 * declares the port and the audit library provides it, so persistence never depends on audit.
 */
export abstract class ReplayAudit {
  abstract replayed(
    ctx: Pick<RequestContext, 'actor' | 'requestId' | 'ip'>,
    answer: ReplayedAnswer,
    manager: EntityManager,
  ): Promise<void>;
}
