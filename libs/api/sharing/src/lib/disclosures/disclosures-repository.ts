import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '@kap/api/platform';
import type { DisclosureSource } from '@kap/shared/contracts';

export interface DisclosureRow {
  id: string;
  patient_id: string;
  disclosed_at: Date;
  disclosed_by: string;
  disclosed_by_name: string;
  recipient_organization_id: string;
  recipient_name: string;
  source: DisclosureSource;
  status_update_id: string | null;
  categories: string[];
  session_ids: string[];
  outcome_ids: string[];
  note_ids: string[];
  purpose: string;
}

/** What left, for whom and why: the writer of the disclosure adds who and when. */
export interface DisclosureEntry {
  patientId: string;
  recipientOrganizationId: string;
  source: DisclosureSource;
  statusUpdateId: string | null;
  categories: string[];
  sessionIds: string[];
  outcomeIds: string[];
  noteIds: string[];
  purpose: string;
}

export interface NewDisclosure extends DisclosureEntry {
  disclosedAt: Date;
  disclosedBy: string;
}

/** The SQL of the accounting of disclosures: rows are written once and never changed. */
@Injectable()
export class DisclosuresRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The recipient's name is copied from its organization as it is now. */
  async insert(db: Queryable, disclosure: NewDisclosure): Promise<string> {
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO disclosure (patient_id, disclosed_at, disclosed_by, recipient_organization_id, recipient_name, source,
         status_update_id, categories, session_ids, outcome_ids, note_ids, purpose)
       SELECT $1, $2, $3, o.id, o.name, $5, $6, $7, $8, $9, $10, $11 FROM organization o WHERE o.id = $4
       RETURNING id`,
      [
        disclosure.patientId,
        disclosure.disclosedAt,
        disclosure.disclosedBy,
        disclosure.recipientOrganizationId,
        disclosure.source,
        disclosure.statusUpdateId,
        disclosure.categories,
        disclosure.sessionIds,
        disclosure.outcomeIds,
        disclosure.noteIds,
        disclosure.purpose,
      ],
    );
    return id;
  }

  /** A page of the patient's disclosures, newest first, after the cursor: one row more than `limit`. */
  listOfPatient(
    patientId: string,
    after: (string | number)[] | null,
    limit: number,
  ): Promise<DisclosureRow[]> {
    return this.dataSource.query<DisclosureRow[]>(
      `SELECT d.*, u.display_name AS disclosed_by_name
           FROM disclosure d JOIN app_user u ON u.id = d.disclosed_by
          WHERE d.patient_id = $1
            AND ($2::timestamptz IS NULL OR (d.disclosed_at, d.id) < ($2::timestamptz, $3::uuid))
          ORDER BY d.disclosed_at DESC, d.id DESC
          LIMIT $4`,
      [patientId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }
}
