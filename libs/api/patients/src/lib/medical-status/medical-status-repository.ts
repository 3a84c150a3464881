import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Eligibility, MedicalStatusSource, MonitoringStatus } from '@kap/shared/contracts';
import { medicalStatusColumns, medicalStatusOrder, type MedicalStatusRow } from './medical-status-mapper';

/** An entry as written; the prescription is JSON text of what was prescribed (null when none). */
export interface NewMedicalStatusEntry {
  patientId: string;
  asOf: Date;
  eligibility: Eligibility | null;
  prescription: string | null;
  nextFollowUpDue: string | null;
  monitoring: MonitoringStatus | null;
  note: string | null;
  source: MedicalStatusSource;
  enteredBy: string;
  createdAt: Date;
}

/** The SQL of medical-status entries (append-only). */
@Injectable()
export class MedicalStatusRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every entry of the patient, newest `asOf` first. */
  history(patientId: string): Promise<MedicalStatusRow[]> {
    return this.dataSource.query<MedicalStatusRow[]>(
      `SELECT ${medicalStatusColumns('s', 'u')} FROM medical_status_entry s JOIN app_user u ON u.id = s.entered_by
          WHERE s.patient_id = $1 ORDER BY ${medicalStatusOrder('s')}`,
      [patientId],
    );
  }

  /** Answers the new entry's id. */
  async insert(manager: EntityManager, entry: NewMedicalStatusEntry): Promise<string> {
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO medical_status_entry (patient_id, as_of, eligibility, prescription, next_follow_up_due, monitoring, note,
             source, entered_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        entry.patientId,
        entry.asOf,
        entry.eligibility,
        entry.prescription,
        entry.nextFollowUpDue,
        entry.monitoring,
        entry.note,
        entry.source,
        entry.enteredBy,
        entry.createdAt,
      ],
    );
    return id;
  }

  async find(manager: EntityManager, id: string): Promise<MedicalStatusRow> {
    const [row] = await manager.query<MedicalStatusRow[]>(
      `SELECT ${medicalStatusColumns('s', 'u')} FROM medical_status_entry s JOIN app_user u ON u.id = s.entered_by WHERE s.id = $1`,
      [id],
    );
    return row;
  }
}
