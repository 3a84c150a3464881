import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '@kap/api/platform';
import type { CareTeamSide, StatusUpdateKind, StatusUpdateUrgency } from '@kap/shared/contracts';
import type {
  AddendumFacts,
  IncludedIds,
  NoteFacts,
  OutcomeFacts,
  SessionFacts,
  SharedItemRows,
} from './shared-items';

export interface StatusUpdateRow {
  id: string;
  patient_id: string;
  medical_team_id: string;
  from_side: CareTeamSide;
  kind: StatusUpdateKind;
  urgency: StatusUpdateUrgency;
  body: string;
  session_ids: string[];
  outcome_ids: string[];
  note_ids: string[];
  author_id: string;
  author_name: string;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
}

/** The update's own columns, without the names joined in. */
export type StoredStatusUpdateRow = Omit<StatusUpdateRow, 'author_name' | 'acknowledged_by_name'>;

/** The patient's current care-team link, its release dates as calendar dates. */
export interface CurrentLinkRow {
  medical_team_id: string;
  signed_on: string;
  expires_on: string;
}

export interface NewStatusUpdateRow {
  patientId: string;
  medicalTeamId: string;
  fromSide: CareTeamSide;
  kind: StatusUpdateKind;
  urgency: StatusUpdateUrgency;
  body: string;
  include: IncludedIds;
  authorId: string;
  createdAt: Date;
}

const SELECT = `
  SELECT su.id, su.patient_id, su.medical_team_id, su.from_side, su.kind, su.urgency, su.body, su.session_ids, su.outcome_ids,
         su.note_ids, su.author_id, au.display_name AS author_name, su.created_at, su.acknowledged_at, su.acknowledged_by,
         ku.display_name AS acknowledged_by_name
    FROM status_update su
    JOIN app_user au ON au.id = su.author_id
    LEFT JOIN app_user ku ON ku.id = su.acknowledged_by`;

/**
 * The SQL of the care-team thread and of what an update may carry. Reads outside a transaction go
 * through the DataSource; the rest run in the caller's transaction.
 */
@Injectable()
export class StatusUpdatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async currentLink(db: Queryable, patientId: string): Promise<CurrentLinkRow | undefined> {
    const [link] = await db.query<CurrentLinkRow[]>(
      `SELECT medical_team_id, to_char(release_signed_on, 'YYYY-MM-DD') AS signed_on, to_char(release_expires_on, 'YYYY-MM-DD') AS expires_on
         FROM care_team_link WHERE patient_id = $1 AND replaced_at IS NULL`,
      [patientId],
    );
    return link;
  }

  async insert(db: Queryable, update: NewStatusUpdateRow): Promise<string> {
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO status_update (patient_id, medical_team_id, from_side, kind, urgency, body, session_ids, outcome_ids, note_ids,
         author_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        update.patientId,
        update.medicalTeamId,
        update.fromSide,
        update.kind,
        update.urgency,
        update.body,
        update.include.sessionIds,
        update.include.outcomeIds,
        update.include.noteIds,
        update.authorId,
        update.createdAt,
      ],
    );
    return id;
  }

  /**
   * A page of the thread, oldest first, after the cursor (created_at, id): one row more than
   * `limit`. With `medicalTeamId`, only the updates exchanged with that team.
   */
  listOfPatient(
    db: Queryable,
    patientId: string,
    medicalTeamId: string | null,
    after: (string | number)[] | null,
    limit: number,
  ): Promise<StatusUpdateRow[]> {
    return db.query<StatusUpdateRow[]>(
      `${SELECT}
          WHERE su.patient_id = $1 AND ($2::uuid IS NULL OR su.medical_team_id = $2)
            AND ($3::timestamptz IS NULL OR (su.created_at, su.id) > ($3::timestamptz, $4::uuid))
          ORDER BY su.created_at, su.id
          LIMIT $5`,
      [patientId, medicalTeamId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  async read(db: Queryable, id: string): Promise<StatusUpdateRow> {
    const [row] = await db.query<StatusUpdateRow[]>(`${SELECT} WHERE su.id = $1`, [id]);
    return row;
  }

  /** The patient an update is about, or null when there is no such update. */
  async patientOf(id: string): Promise<string | null> {
    const [located] = await this.dataSource.query<{ patient_id: string }[]>(
      `SELECT patient_id FROM status_update WHERE id = $1`,
      [id],
    );
    return located?.patient_id ?? null;
  }

  /** The update, locked until commit. */
  async lock(db: Queryable, id: string): Promise<StoredStatusUpdateRow> {
    const [row] = await db.query<StoredStatusUpdateRow[]>(
      `SELECT * FROM status_update WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  async acknowledge(db: Queryable, id: string, at: Date, by: string): Promise<void> {
    await db.query(`UPDATE status_update SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1`, [
      id,
      at,
      by,
    ]);
  }

  /**
   * Unacknowledged updates from the other side than `side`, per visible patient. `visibleSql`
   * gives the access rule over `p` and `link`, numbering its values with `param`.
   */
  unreadCounts(
    visibleSql: (param: (value: unknown) => string) => string,
    side: CareTeamSide,
  ): Promise<{ patient_id: string; count: number }[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const visible = visibleSql(param);
    return this.dataSource.query<{ patient_id: string; count: number }[]>(
      `SELECT su.patient_id, count(*)::int AS count
         FROM status_update su
         JOIN patient p ON p.id = su.patient_id AND p.archived_at IS NULL
         LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
        WHERE ${visible} AND su.acknowledged_at IS NULL AND su.from_side <> ${param(side)}
          ${side === 'medical_team' ? 'AND su.medical_team_id = link.medical_team_id' : ''}
        GROUP BY su.patient_id
        ORDER BY su.patient_id`,
      params,
    );
  }

  /** Which of `ids` are the patient's sessions (not archived). */
  sessionsOfPatient(db: Queryable, ids: string[], patientId: string): Promise<{ id: string }[]> {
    return db.query<{ id: string }[]>(
      `SELECT id FROM therapy_session WHERE id = ANY($1::uuid[]) AND patient_id = $2 AND archived_at IS NULL`,
      [ids, patientId],
    );
  }

  /** Which of `ids` are the patient's scores (not voided). */
  outcomesOfPatient(db: Queryable, ids: string[], patientId: string): Promise<{ id: string }[]> {
    return db.query<{ id: string }[]>(
      `SELECT id FROM outcome WHERE id = ANY($1::uuid[]) AND patient_id = $2 AND voided_at IS NULL`,
      [ids, patientId],
    );
  }

  /** Which of `ids` are the patient's notes, and whether each is shareable (signed and shared). */
  notesOfPatient(
    db: Queryable,
    ids: string[],
    patientId: string,
  ): Promise<{ id: string; shareable: boolean }[]> {
    return db.query<{ id: string; shareable: boolean }[]>(
      `SELECT id, status = 'signed' AND share_with_medical_team AS shareable FROM note
          WHERE id = ANY($1::uuid[]) AND patient_id = $2 AND archived_at IS NULL`,
      [ids, patientId],
    );
  }

  /**
   * What the medical team may see of these ids for one patient: session facts with the dose
   * record, scores, and shareable notes (signed and shared) with their addenda. Psychotherapy
   * notes live in a table this code never reads.
   */
  async sharedItems(db: Queryable, patientId: string, ids: IncludedIds): Promise<SharedItemRows> {
    const none = Promise.resolve([]);
    const [sessions, outcomes, notes, addenda] = await Promise.all([
      ids.sessionIds.length === 0
        ? none
        : db.query<SessionFacts[]>(
            `SELECT s.id, s.kind, s.occurred_at, s.duration_minutes, s.setting, s.dosing,
                  EXISTS (SELECT 1 FROM note n WHERE n.session_id = s.id AND n.status = 'signed' AND n.archived_at IS NULL) AS has_signed_note
             FROM therapy_session s
            WHERE s.id = ANY($1::uuid[]) AND s.patient_id = $2 AND s.archived_at IS NULL`,
            [ids.sessionIds, patientId],
          ),
      ids.outcomeIds.length === 0
        ? none
        : db.query<OutcomeFacts[]>(
            `SELECT id, instrument, administered_at, total, severity, flags, voided_at FROM outcome
            WHERE id = ANY($1::uuid[]) AND patient_id = $2`,
            [ids.outcomeIds, patientId],
          ),
      ids.noteIds.length === 0
        ? none
        : db.query<NoteFacts[]>(
            `SELECT n.id, n.kind, n.session_id, n.signed_at, n.body FROM note n
            WHERE n.id = ANY($1::uuid[]) AND n.patient_id = $2 AND n.archived_at IS NULL
              AND n.status = 'signed' AND n.share_with_medical_team`,
            [ids.noteIds, patientId],
          ),
      ids.noteIds.length === 0
        ? none
        : db.query<AddendumFacts[]>(
            `SELECT a.note_id, a.body, a.reason, a.created_at FROM note_addendum a
            WHERE a.note_id = ANY($1::uuid[]) ORDER BY a.note_id, a.position`,
            [ids.noteIds],
          ),
    ]);
    return { sessions, outcomes, notes, addenda };
  }
}
