import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AutocommitQueries, updateReturning, type Queryable } from '@kap/api/platform';
import type { patientNameKeys } from '@kap/shared/domain';
import { PATIENT_FROM, type PatientRow } from './patient-mapper';

/** The fields of a patient as stored, after a create or a merge of a partial update. */
export interface PatientFields {
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  pronouns: string | null;
  email: string | null;
  phone: string | null;
  conditions: string[];
  externalRef: string | null;
  primaryTherapistId: string;
}

/** The search keys stored with the name (`patientNameKeys`). */
export type PatientNameKeys = ReturnType<typeof patientNameKeys>;

/**
 * Which patients a caller may see, as an SQL condition on `p` and its current `link`: the rule is
 * `PatientAccess.visibleSql`'s; the repository only hands it the statement's parameter list.
 */
export type VisibleCondition = (param: (value: unknown) => string) => string;

/** A page of the caseload: name-key search, position after the cursor, how many rows to read. */
export interface CaseloadFilter {
  search: { from: string; to: string } | null;
  after: { sortKey: string; id: string } | null;
  take: number;
}

/** The patient table's SQL: the caseload, the record with its current link/course/status, its writes. */
@Injectable()
export class PatientsRepository {
  constructor(private readonly autocommit: AutocommitQueries) {}

  /** Hot read (P3): straight through the pool, no query runner per statement. */
  caseload(visible: VisibleCondition, filter: CaseloadFilter): Promise<PatientRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['p.archived_at IS NULL', visible(param)];
    if (filter.search) {
      const a = param(filter.search.from);
      const b = param(filter.search.to);
      where.push(`((p.search_given_family >= ${a} AND p.search_given_family < ${b})
        OR (p.search_family_given >= ${a} AND p.search_family_given < ${b})
        OR (p.search_preferred_family >= ${a} AND p.search_preferred_family < ${b}))`);
    }
    const { after } = filter;
    if (after) where.push(`(p.sort_key, p.id) > (${param(after.sortKey)}, ${param(after.id)}::uuid)`);
    // The page's ids first, then the record of each: a team's caseload holds thousands of
    // patients, and the current course and status history are worth reading only for one page.
    return this.autocommit.query<PatientRow[]>(
      `WITH page AS (
         SELECT p.id FROM patient p
           LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
          WHERE ${where.join(' AND ')} ORDER BY p.sort_key, p.id LIMIT ${param(filter.take)})
       ${PATIENT_FROM} WHERE p.id IN (SELECT id FROM page) ORDER BY p.sort_key, p.id`,
      params,
    );
  }

  /** The sort key of a patient the condition lets through, archived or not; null otherwise. */
  async sortKeyOf(id: string, visible: VisibleCondition): Promise<string | null> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const [last] = await this.autocommit.query<{ sort_key: string }[]>(
      `SELECT p.sort_key FROM patient p
             LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
            WHERE p.id = ${param(id)} AND ${visible(param)}`,
      params,
    );
    return last?.sort_key ?? null;
  }

  /** The record as every read shows it; undefined when missing or archived. */
  async findCurrent(db: Queryable, id: string): Promise<PatientRow | undefined> {
    const [row] = await db.query<PatientRow[]>(`${PATIENT_FROM} WHERE p.id = $1 AND p.archived_at IS NULL`, [
      id,
    ]);
    return row;
  }

  /** Answers the new patient's id. */
  async insert(
    manager: EntityManager,
    patient: {
      practiceId: string;
      createdBy: string;
      now: Date;
      fields: PatientFields;
      keys: PatientNameKeys;
    },
  ): Promise<string> {
    const { fields, keys } = patient;
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO patient (practice_id, primary_therapist_id, given_name, family_name, preferred_name, date_of_birth,
           pronouns, email, phone, conditions, external_ref, search_given_family, search_family_given,
           search_preferred_family, sort_key, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
         RETURNING id`,
      [
        patient.practiceId,
        fields.primaryTherapistId,
        fields.givenName,
        fields.familyName,
        fields.preferredName,
        fields.dateOfBirth,
        fields.pronouns,
        fields.email,
        fields.phone,
        fields.conditions,
        fields.externalRef,
        keys.givenFamily,
        keys.familyGiven,
        keys.preferredFamily,
        keys.sortKey,
        patient.createdBy,
        patient.now,
      ],
    );
    return id;
  }

  /** Writes the merged fields when `version` is still current; answers whether it was. */
  async update(
    manager: EntityManager,
    id: string,
    version: number,
    change: { fields: PatientFields; keys: PatientNameKeys; now: Date },
  ): Promise<boolean> {
    const { fields, keys } = change;
    const updated = await updateReturning<{ id: string }>(
      manager,
      `UPDATE patient
              SET given_name = $3, family_name = $4, preferred_name = $5, date_of_birth = $6, pronouns = $7,
                  email = $8, phone = $9, conditions = $10, external_ref = $11, primary_therapist_id = $12,
                  search_given_family = $13, search_family_given = $14, search_preferred_family = $15, sort_key = $16,
                  version = version + 1, updated_at = $17
            WHERE id = $1 AND version = $2 AND archived_at IS NULL
            RETURNING id`,
      [
        id,
        version,
        fields.givenName,
        fields.familyName,
        fields.preferredName,
        fields.dateOfBirth,
        fields.pronouns,
        fields.email,
        fields.phone,
        fields.conditions,
        fields.externalRef,
        fields.primaryTherapistId,
        keys.givenFamily,
        keys.familyGiven,
        keys.preferredFamily,
        keys.sortKey,
        change.now,
      ],
    );
    return updated.length > 0;
  }

  /** Urgent and warning alerts of the patient the practice has not acknowledged. */
  async openSafetyAlerts(manager: EntityManager, patientId: string): Promise<number> {
    const [{ open }] = await manager.query<{ open: number }[]>(
      `SELECT count(*)::int AS open FROM alert a
            WHERE a.patient_id = $1 AND a.severity IN ('urgent', 'warning')
              AND NOT EXISTS (SELECT 1 FROM alert_acknowledgement k WHERE k.alert_id = a.id AND k.side = 'practice')`,
      [patientId],
    );
    return open;
  }

  async archive(
    manager: EntityManager,
    id: string,
    archival: { at: Date; by: string; reason: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE patient SET archived_at = $2, archived_by = $3, archive_reason = $4, version = version + 1, updated_at = $2
            WHERE id = $1 AND archived_at IS NULL`,
      [id, archival.at, archival.by, archival.reason],
    );
  }

  /** Whether the user is an active therapist of the practice. */
  async isActiveTherapist(manager: EntityManager, userId: string, practiceId: string): Promise<boolean> {
    const [therapist] = await manager.query<unknown[]>(
      `SELECT 1 FROM app_user WHERE id = $1 AND organization_id = $2 AND role = 'therapist' AND active`,
      [userId, practiceId],
    );
    return therapist !== undefined;
  }
}
