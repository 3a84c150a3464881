import type { Queryable } from '@kap/api/platform';
import { ValidationFailed } from '@kap/shared/domain';
import type { SessionsRepository } from './sessions-repository';

/** A note (or score) written about a session must name one of this patient's sessions: 400 otherwise. */
export async function requireSessionOf(
  sessions: SessionsRepository,
  db: Queryable,
  patientId: string,
  sessionId: string | null | undefined,
): Promise<void> {
  if (sessionId === null || sessionId === undefined) return;
  if (!(await sessions.isOfPatient(db, sessionId, patientId)))
    throw new ValidationFailed([{ field: 'sessionId', problem: "must be one of this patient's sessions" }]);
}
