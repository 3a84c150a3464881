import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SignedInUser } from '@kap/shared/contracts';

/** A person with their organization's kind and zone: what a signed-in user is made of. */
export interface SignedInUserRow {
  id: string;
  email: string;
  display_name: string;
  role: SignedInUser['role'];
  organization_id: string;
  kind: SignedInUser['organizationKind'];
  time_zone: string;
}

/** The person an email names, with what the password step checks. */
export interface SignInCandidateRow extends SignedInUserRow {
  password_hash: string;
  active: boolean;
}

/** The reads of signing in: who an email names, and who passed the second step. */
@Injectable()
export class SignInRepository {
  constructor(private readonly dataSource: DataSource) {}

  async candidate(emailKey: string): Promise<SignInCandidateRow | undefined> {
    const [row] = await this.dataSource.query<SignInCandidateRow[]>(
      `SELECT u.id, u.email, u.display_name, u.role, u.organization_id, u.password_hash, u.active, o.kind, o.time_zone
         FROM app_user u JOIN organization o ON o.id = u.organization_id
        WHERE u.email_key = $1`,
      [emailKey],
    );
    return row;
  }

  /** The person, if still active, in the transaction that opens their session. */
  async activeUser(manager: EntityManager, userId: string): Promise<SignedInUserRow | undefined> {
    const [row] = await manager.query<SignedInUserRow[]>(
      `SELECT u.id, u.email, u.display_name, u.role, u.organization_id, o.kind, o.time_zone
         FROM app_user u JOIN organization o ON o.id = u.organization_id
        WHERE u.id = $1 AND u.active`,
      [userId],
    );
    return row;
  }
}
