import type { Clock, Queryable, RequestContext } from '@kap/api/platform';
import type { AuditLog } from '@kap/api/audit';
import type { Role } from '@kap/shared/contracts';
import { NotFound } from '@kap/shared/domain';
import { PatientAccess } from './patient-access';
import type { AccessFactsRow, PatientAccessRepository } from './patient-access-repository';

const TODAY = '2026-03-01';
const clock: Clock = { now: () => new Date(`${TODAY}T12:00:00.000Z`) };
const db: Queryable = { query: () => Promise.reject(new Error('the repository is stubbed')) };

function ctxOf(role: Role, organizationId = 'org-1', id = 'user-1'): RequestContext {
  return {
    actor: {
      id,
      email: `${role}@example.test`,
      displayName: role,
      role,
      organizationId,
      organizationKind: role === 'therapist' || role === 'practice_admin' ? 'practice' : 'medical_team',
      organizationTimeZone: 'UTC',
      sessionId: 'session-1',
    },
    requestId: 'request-1',
    ip: '127.0.0.1',
    idempotencyKey: null,
    ifMatch: null,
  };
}

/** PatientAccess over a repository that answers `facts` (undefined: missing or archived). */
function accessWith(facts: AccessFactsRow | undefined) {
  const calls: { patientId: string; lock: boolean }[] = [];
  const repository = {
    facts: (_db: Queryable, patientId: string, lock: boolean) => {
      calls.push({ patientId, lock });
      return Promise.resolve(facts);
    },
  } as PatientAccessRepository;
  return { access: new PatientAccess({} as AuditLog, clock, repository), calls };
}

const unlinked: AccessFactsRow = {
  practice_id: 'practice-1',
  primary_therapist_id: 'therapist-1',
  medical_team_id: null,
  signed_on: null,
  expires_on: null,
};
const linked: AccessFactsRow = {
  practice_id: 'practice-1',
  primary_therapist_id: 'therapist-1',
  medical_team_id: 'team-1',
  signed_on: '2026-01-01',
  expires_on: '2026-12-31',
};
const expired: AccessFactsRow = { ...linked, signed_on: '2025-01-01', expires_on: '2026-02-28' };

describe('PatientAccess.require', () => {
  it.each([
    ['the primary therapist', ctxOf('therapist', 'practice-1', 'therapist-1'), linked, 'practice'],
    ['a practice admin of the practice', ctxOf('practice_admin', 'practice-1'), unlinked, 'practice'],
    [
      'a prescriber of the linked team under a valid release',
      ctxOf('prescriber', 'team-1'),
      linked,
      'medical_team',
    ],
    ['a care coordinator of the linked team', ctxOf('care_coordinator', 'team-1'), linked, 'medical_team'],
  ] as const)('grants %s the %s view', async (_, ctx, facts, view) => {
    await expect(accessWith(facts).access.require(db, ctx, 'patient-1')).resolves.toBe(view);
  });

  it.each([
    ['another therapist of the practice', ctxOf('therapist', 'practice-1', 'therapist-2'), linked],
    ['an admin of another practice', ctxOf('practice_admin', 'practice-2'), linked],
    ['a prescriber of an unlinked patient', ctxOf('prescriber', 'team-1'), unlinked],
    ['a prescriber of another team', ctxOf('prescriber', 'team-2'), linked],
    ['a prescriber once the release has expired', ctxOf('prescriber', 'team-1'), expired],
    ['anyone, for a missing or archived patient', ctxOf('practice_admin', 'practice-1'), undefined],
  ] as const)('answers %s as if the patient did not exist', async (_, ctx, facts) => {
    await expect(accessWith(facts).access.require(db, ctx, 'patient-1')).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses a granted view that is not the one the route needs', async () => {
    const { access } = accessWith(linked);
    await expect(
      access.require(db, ctxOf('prescriber', 'team-1'), 'patient-1', { need: 'practice' }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it('asks for the row lock only when told to', async () => {
    const { access, calls } = accessWith(linked);
    const ctx = ctxOf('therapist', 'practice-1', 'therapist-1');
    await access.require(db, ctx, 'patient-1');
    await access.require(db, ctx, 'patient-2', { lock: true });
    expect(calls).toEqual([
      { patientId: 'patient-1', lock: false },
      { patientId: 'patient-2', lock: true },
    ]);
  });
});

describe('PatientAccess.visibleSql', () => {
  const { access } = accessWith(undefined);
  function sql(ctx: RequestContext, today: string | null) {
    const params: unknown[] = [];
    const text = access.visibleSql(ctx, today, (value) => `$${params.push(value)}`);
    return { text, params };
  }

  it.each([
    [
      'a therapist: their own patients of their practice',
      ctxOf('therapist', 'practice-1', 'therapist-1'),
      'p.practice_id = $1 AND p.primary_therapist_id = $2',
      ['practice-1', 'therapist-1'],
    ],
    [
      'a practice admin: the practice',
      ctxOf('practice_admin', 'practice-1'),
      'p.practice_id = $1',
      ['practice-1'],
    ],
    [
      'a prescriber: linked to their team under a release valid today',
      ctxOf('prescriber', 'team-1'),
      'link.medical_team_id = $1 AND link.release_signed_on <= $2::date AND link.release_expires_on >= $2::date',
      ['team-1', TODAY],
    ],
  ] as const)('lets through, for %s', (_, ctx, text, params) => {
    expect(sql(ctx, TODAY)).toEqual({ text, params });
  });

  it('leaves the release dates out when no day is given (a cursor may name a patient who left the list)', () => {
    expect(sql(ctxOf('care_coordinator', 'team-1'), null)).toEqual({
      text: 'link.medical_team_id = $1',
      params: ['team-1'],
    });
  });
});
