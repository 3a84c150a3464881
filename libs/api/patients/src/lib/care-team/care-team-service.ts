import { Injectable } from '@nestjs/common';
import {
  Clock,
  decodeCursor,
  pageLimit,
  toPage,
  UnitOfWork,
  type PageQuery,
  type RequestContext,
} from '@kap/api/platform';
import type { CareTeam, MedicalTeam, Page } from '@kap/shared/contracts';
import { ValidationFailed } from '@kap/shared/domain';
import { PatientAccess } from '../access/patient-access';
import { toCareTeam } from './care-team-mapper';
import { CareTeamRepository } from './care-team-repository';
import type { ReplaceCareTeamBody } from './care-team-requests';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Links a patient to a medical team under a release of information; lists the teams to link to. */
@Injectable()
export class CareTeamService {
  constructor(
    private readonly careTeams: CareTeamRepository,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
  ) {}

  async medicalTeams(query: PageQuery): Promise<Page<MedicalTeam>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['string', 'string']);
    if (after && !UUID.test(String(after[1]))) {
      throw new ValidationFailed([
        { field: 'cursor', problem: 'is not a cursor this list gave out; start again without it' },
      ]);
    }
    const rows = await this.careTeams.medicalTeams(
      after ? { name: String(after[0]), id: String(after[1]) } : null,
      limit + 1,
    );
    return toPage(
      rows,
      limit,
      (row) => [row.name, row.id],
      (row) => ({ id: row.id, name: row.name }),
    );
  }

  /**
   * Replaces the patient's link (the earlier one is kept, marked replaced). A release that has
   * already expired is accepted, since the past may be recorded, and shares nothing.
   */
  async replace(ctx: RequestContext, patientId: string, body: ReplaceCareTeamBody): Promise<CareTeam> {
    const release = body.releaseOfInformation;
    const target = { action: 'care_team.replace', entityType: 'care_team', entityId: patientId, patientId };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        // Locking the patient makes concurrent replacements queue instead of both inserting a link.
        await this.access.require(manager, ctx, patientId, { need: 'practice', lock: true });
        if (release.expiresOn < release.signedOn) {
          throw new ValidationFailed([
            {
              field: 'releaseOfInformation.expiresOn',
              problem: 'must be on or after the day the release was signed (signedOn)',
            },
          ]);
        }
        if (!(await this.careTeams.isMedicalTeam(manager, body.medicalTeamId))) {
          throw new ValidationFailed([
            {
              field: 'medicalTeamId',
              problem: 'must be the id of a medical team (see GET /api/medical-teams)',
            },
          ]);
        }
        const id = await this.careTeams.replaceCurrent(manager, {
          patientId,
          medicalTeamId: body.medicalTeamId,
          signedOn: release.signedOn,
          expiresOn: release.expiresOn,
          scope: release.scope?.trim() || null,
          linkedBy: ctx.actor.id,
          linkedAt: this.clock.now(),
        });
        const row = await this.careTeams.find(manager, id);
        await this.access.recordSuccess(
          ctx,
          target,
          { medicalTeamId: body.medicalTeamId, signedOn: release.signedOn, expiresOn: release.expiresOn },
          manager,
        );
        return toCareTeam(row, this.access.today());
      }),
    );
  }
}
