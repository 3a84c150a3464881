import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  toPage,
  UnitOfWork,
  type PageQuery,
  type RequestContext,
} from '@kap/api/core';
import type { CareTeam, MedicalTeam, Page } from '@kap/shared/contracts';
import { ValidationFailed } from '@kap/shared/domain';
import { PatientAccess } from '../access/patient-access';
import { careTeamColumns, toCareTeam, type CareTeamRow } from './care-team-mapper';
import type { ReplaceCareTeamBody } from './care-team-requests';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Links a patient to a medical team under a release of information; lists the teams to link to. */
@Injectable()
export class CareTeamService {
  constructor(
    private readonly dataSource: DataSource,
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
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM organization
        WHERE kind = 'medical_team' AND ($1::text IS NULL OR (name, id) > ($1::text, $2::uuid))
        ORDER BY name, id
        LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
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
        const [team] = await manager.query(
          `SELECT id FROM organization WHERE id = $1 AND kind = 'medical_team'`,
          [body.medicalTeamId],
        );
        if (!team) {
          throw new ValidationFailed([
            {
              field: 'medicalTeamId',
              problem: 'must be the id of a medical team (see GET /api/medical-teams)',
            },
          ]);
        }
        const now = this.clock.now();
        await manager.query(
          `UPDATE care_team_link SET replaced_at = $2 WHERE patient_id = $1 AND replaced_at IS NULL`,
          [patientId, now],
        );
        const [{ id }] = await manager.query(
          `INSERT INTO care_team_link (patient_id, medical_team_id, release_signed_on, release_expires_on, release_scope, linked_by, linked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            patientId,
            body.medicalTeamId,
            release.signedOn,
            release.expiresOn,
            release.scope?.trim() || null,
            ctx.actor.id,
            now,
          ],
        );
        const [row]: CareTeamRow[] = await manager.query(
          `SELECT ${careTeamColumns('link', 'team')} FROM care_team_link link JOIN organization team ON team.id = link.medical_team_id
            WHERE link.id = $1`,
          [id],
        );
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
