import { PersonRefResponse } from '@kap/api/platform';
import type {
  DocumentationGap,
  Page,
  Session,
  SessionKind,
  SessionSetting,
  SessionWarning,
} from '@kap/shared/contracts';
import { DosingBody } from './session-requests';

/**
 * A session as answered (docs/api.md "Treatment courses and sessions"); the dosing record has the
 * shape it was sent in.
 */
export class SessionResponse implements Session {
  id!: string;
  patientId!: string;
  courseId!: string | null;
  kind!: SessionKind;
  occurredAt!: string;
  durationMinutes!: number;
  setting!: SessionSetting;
  dosing!: DosingBody | null;
  /** Course rules the session broke when it was recorded or last changed. */
  warnings!: SessionWarning[];
  /** Dosing sessions only (null for other kinds). */
  documentationComplete!: boolean | null;
  documentationMissing!: DocumentationGap[];
  /** Dosing sessions only: the day an integration session is due, null once one took place. */
  integrationDueOn!: string | null;
  recordedBy!: PersonRefResponse;
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class SessionPage implements Page<Session> {
  items!: SessionResponse[];
  nextCursor!: string | null;
}
