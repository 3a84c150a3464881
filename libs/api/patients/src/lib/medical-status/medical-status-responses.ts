import { PersonRefResponse } from '@kap/api/platform';
import type {
  Eligibility,
  MedicalStatus,
  MedicalStatusFieldsAsOf,
  MedicalStatusHistory,
  MedicalStatusSource,
  MonitoringStatus,
} from '@kap/shared/contracts';
import { PrescriptionBody } from './medical-status-requests';

// The OpenAPI shapes of the answers (docs/api.md "Care team, release of information, medical
// status"); `implements` keeps them in step with the contract the web reads.

export class MedicalStatusFieldsAsOfResponse implements MedicalStatusFieldsAsOf {
  eligibility?: string;
  prescription?: string;
  nextFollowUpDue?: string;
  monitoring?: string;
}

export class MedicalStatusResponse implements MedicalStatus {
  id!: string;
  patientId!: string;
  /** When the status was true (ISO timestamp); the newest `asOf` is the current status. */
  asOf!: string;
  eligibility!: Eligibility | null;
  prescription!: PrescriptionBody | null;
  /** `YYYY-MM-DD` */
  nextFollowUpDue!: string | null;
  monitoring!: MonitoringStatus | null;
  note!: string | null;
  source!: MedicalStatusSource;
  enteredBy!: PersonRefResponse;
  /** When the entry was recorded. */
  createdAt!: string;
  /** Only on `current`: the `asOf` of the entry each field's value comes from. */
  fieldsAsOf?: MedicalStatusFieldsAsOfResponse;
}

export class MedicalStatusHistoryResponse implements MedicalStatusHistory {
  current!: MedicalStatusResponse | null;
  /** Every entry, newest `asOf` first. */
  history!: MedicalStatusResponse[];
}
