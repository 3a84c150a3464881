import type { EntityManager } from 'typeorm';
import type { Actor } from '@kap/api/platform';
import type { AuditEntry, AuditLog } from './audit-log';
import { AuditedReplay } from './audited-replay';

const actor = {
  id: '11111111-1111-4111-8111-111111111111',
  role: 'therapist',
  organizationId: '22222222-2222-4222-8222-222222222222',
} as Actor;
const manager = {} as EntityManager;

function replayAudit(): { replay: AuditedReplay; recorded: [AuditEntry, unknown][] } {
  const recorded: [AuditEntry, unknown][] = [];
  const audit = {
    record: async (entry: AuditEntry, into: unknown) => {
      recorded.push([entry, into]);
    },
  } as unknown as AuditLog;
  return { replay: new AuditedReplay(audit), recorded };
}

describe('AuditedReplay', () => {
  it('records one idempotent_replay event in the replay’s transaction', async () => {
    const { replay, recorded } = replayAudit();
    await replay.replayed(
      { actor, requestId: 'req-1', ip: '10.0.0.1' },
      { route: 'POST /api/patients', recordId: 'p-1', patientId: 'p-1' },
      manager,
    );
    expect(recorded).toEqual([
      [
        {
          action: 'idempotent_replay',
          outcome: 'success',
          actorId: actor.id,
          actorRole: 'therapist',
          organizationId: actor.organizationId,
          entityId: 'p-1',
          patientId: 'p-1',
          requestId: 'req-1',
          ip: '10.0.0.1',
          detail: { route: 'POST /api/patients' },
        },
        manager,
      ],
    ]);
  });

  it('names the route with `:id` in place of the ids it carried', async () => {
    const { replay, recorded } = replayAudit();
    await replay.replayed(
      { actor, requestId: 'req-2', ip: '10.0.0.1' },
      {
        route: 'POST /api/patients/33333333-3333-4333-8333-333333333333/outcomes',
        recordId: null,
        patientId: null,
      },
      manager,
    );
    expect(recorded[0][0].detail).toEqual({ route: 'POST /api/patients/:id/outcomes' });
    expect(recorded[0][0].entityId).toBeNull();
  });
});
