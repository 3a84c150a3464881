import { PersonRefResponse } from '@kap/api/platform';
import { DosingBody } from '@kap/api/sessions-notes';
import type {
  CareTeamSide,
  Page,
  SessionKind,
  SessionSetting,
  SharedNote,
  SharedOutcome,
  SharedSession,
  StatusUpdate,
  StatusUpdateKind,
  StatusUpdateUrgency,
  UnreadCounts,
} from '@kap/shared/contracts';

// The OpenAPI shapes of the thread's answers (docs/api.md "Alerts, care-team updates, dashboard");
// `implements` keeps them in step with the contract the web reads.

/** A session as the medical team may see it: facts and the dose record, no notes. */
export class SharedSessionResponse implements SharedSession {
  id!: string;
  kind!: SessionKind;
  occurredAt!: string;
  durationMinutes!: number;
  setting!: SessionSetting;
  dosing!: DosingBody | null;
  documentationComplete!: boolean | null;
  documentationMissing!: string[];
}

export class SharedOutcomeResponse implements SharedOutcome {
  id!: string;
  instrument!: string;
  administeredAt!: string;
  total!: number | null;
  /** Null where the instrument has no bands (PEG). */
  severity!: string | null;
  flags!: string[];
  voided!: boolean;
}

export class SharedAddendumResponse implements Readonly<SharedNote['addenda'][number]> {
  body!: string;
  reason!: string;
  createdAt!: string;
}

/** A signed note shared with the medical team, with its addenda. */
export class SharedNoteResponse implements SharedNote {
  id!: string;
  kind!: string;
  sessionId!: string | null;
  signedAt!: string;
  body!: string;
  addenda!: SharedAddendumResponse[];
}

export class StatusUpdateIncludeResponse implements Readonly<StatusUpdate['include']> {
  sessionIds!: string[];
  outcomeIds!: string[];
  noteIds!: string[];
}

export class StatusUpdateIncludedResponse implements Readonly<StatusUpdate['included']> {
  sessions!: SharedSessionResponse[];
  outcomes!: SharedOutcomeResponse[];
  notes!: SharedNoteResponse[];
}

export class StatusUpdateResponse implements StatusUpdate {
  id!: string;
  patientId!: string;
  medicalTeamId!: string;
  from!: CareTeamSide;
  kind!: StatusUpdateKind;
  urgency!: StatusUpdateUrgency;
  body!: string;
  author!: PersonRefResponse;
  createdAt!: string;
  acknowledgedAt!: string | null;
  acknowledgedBy!: PersonRefResponse | null;
  /** The ids as attached. */
  include!: StatusUpdateIncludeResponse;
  /** The attached items as the medical team may see them (archived items drop out). */
  included!: StatusUpdateIncludedResponse;
}

export class StatusUpdatePage implements Page<StatusUpdate> {
  items!: StatusUpdateResponse[];
  nextCursor!: string | null;
}

export class UnreadOfPatientResponse implements Readonly<UnreadCounts['byPatient'][number]> {
  patientId!: string;
  count!: number;
}

export class UnreadCountsResponse implements UnreadCounts {
  total!: number;
  byPatient!: UnreadOfPatientResponse[];
}
