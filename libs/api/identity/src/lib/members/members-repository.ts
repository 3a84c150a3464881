import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type Queryable, updateReturning } from '@kap/api/platform';
import { MEMBER_COLUMNS, type MemberRow } from './member-mapper';

/** What an admin may change of a member; null keeps the stored value. */
export interface MemberChanges {
  displayName: string | null;
  role: MemberRow['role'] | null;
  active: boolean | null;
}

/** The SQL of an organization's people (`app_user`); adding one is `insertMember` (member-registry.ts). */
@Injectable()
export class MembersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A page in order of joining, after the `(created_at, id)` cursor; `take` rows at most. */
  page(
    organizationId: string,
    after: readonly (string | number)[] | null,
    take: number,
  ): Promise<MemberRow[]> {
    return this.dataSource.query<MemberRow[]>(
      `SELECT ${MEMBER_COLUMNS} FROM app_user
        WHERE organization_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id
        LIMIT $4`,
      [organizationId, after?.[0] ?? null, after?.[1] ?? null, take],
    );
  }

  /** The member, if they belong to the organization; in the caller's transaction when given one. */
  async find(
    id: string,
    organizationId: string,
    db: Queryable = this.dataSource,
  ): Promise<MemberRow | undefined> {
    const [row] = await db.query<MemberRow[]>(
      `SELECT ${MEMBER_COLUMNS} FROM app_user WHERE id = $1 AND organization_id = $2`,
      [id, organizationId],
    );
    return row;
  }

  /** Applies the changes if the stored version is still `version`; no row when it is not (or no such member). */
  update(
    manager: EntityManager,
    id: string,
    organizationId: string,
    version: number,
    changes: MemberChanges,
    now: Date,
  ): Promise<MemberRow[]> {
    return updateReturning<MemberRow>(
      manager,
      `UPDATE app_user
          SET display_name = coalesce($4, display_name),
              role = coalesce($5, role),
              active = coalesce($6, active),
              version = version + 1,
              updated_at = $7
        WHERE id = $1 AND organization_id = $2 AND version = $3
        RETURNING ${MEMBER_COLUMNS}`,
      [id, organizationId, version, changes.displayName, changes.role, changes.active, now],
    );
  }
}
