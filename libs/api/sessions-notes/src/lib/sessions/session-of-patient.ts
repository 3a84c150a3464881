import type { EntityManager } from 'typeorm';
import { ValidationFailed } from '@kap/shared/domain';

/** A note (or score) written about a session must name one of this patient's sessions: 400 otherwise. */
export async function requireSessionOf(
  manager: EntityManager,
  patientId: string,
  sessionId: string | null | undefined,
): Promise<void> {
  if (sessionId === null || sessionId === undefined) return;
  const [session] = await manager.query(
    `SELECT 1 FROM therapy_session WHERE id = $1 AND patient_id = $2 AND archived_at IS NULL`,
    [sessionId, patientId],
  );
  if (!session)
    throw new ValidationFailed([{ field: 'sessionId', problem: "must be one of this patient's sessions" }]);
}
