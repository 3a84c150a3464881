import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { careTeamColumns, type CareTeamRow } from './care-team-mapper';

export interface MedicalTeamRow {
  id: string;
  name: string;
}

/** A new link of a patient to a medical team, under the release of information it records. */
export interface NewCareTeamLink {
  patientId: string;
  medicalTeamId: string;
  signedOn: string;
  expiresOn: string;
  scope: string | null;
  linkedBy: string;
  linkedAt: Date;
}

/** The SQL of care-team links and of the medical teams a patient can be linked to. */
@Injectable()
export class CareTeamRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Medical teams by name, after the (name, id) position when given. */
  medicalTeams(after: { name: string; id: string } | null, take: number): Promise<MedicalTeamRow[]> {
    return this.dataSource.query<MedicalTeamRow[]>(
      `SELECT id, name FROM organization
        WHERE kind = 'medical_team' AND ($1::text IS NULL OR (name, id) > ($1::text, $2::uuid))
        ORDER BY name, id
        LIMIT $3`,
      [after?.name ?? null, after?.id ?? null, take],
    );
  }

  async isMedicalTeam(manager: EntityManager, organizationId: string): Promise<boolean> {
    const [team] = await manager.query<{ id: string }[]>(
      `SELECT id FROM organization WHERE id = $1 AND kind = 'medical_team'`,
      [organizationId],
    );
    return team !== undefined;
  }

  /** Marks the current link replaced and inserts the new one; answers the new link's id. */
  async replaceCurrent(manager: EntityManager, link: NewCareTeamLink): Promise<string> {
    await manager.query(
      `UPDATE care_team_link SET replaced_at = $2 WHERE patient_id = $1 AND replaced_at IS NULL`,
      [link.patientId, link.linkedAt],
    );
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO care_team_link (patient_id, medical_team_id, release_signed_on, release_expires_on, release_scope, linked_by, linked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        link.patientId,
        link.medicalTeamId,
        link.signedOn,
        link.expiresOn,
        link.scope,
        link.linkedBy,
        link.linkedAt,
      ],
    );
    return id;
  }

  /** The link with its team's name. */
  async find(manager: EntityManager, linkId: string): Promise<CareTeamRow> {
    const [row] = await manager.query<CareTeamRow[]>(
      `SELECT ${careTeamColumns('link', 'team')} FROM care_team_link link JOIN organization team ON team.id = link.medical_team_id
            WHERE link.id = $1`,
      [linkId],
    );
    return row;
  }
}
