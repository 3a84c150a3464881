import { PickType } from '@nestjs/swagger';
import { CourseResponse, MedicalStatusResponse, VitalsLimitsBody } from '@kap/api/patients';
import { AdverseEventBody, BoosterBody, VitalsReadingBody } from '@kap/api/sessions-notes';
import type {
  AlertKind,
  AlertSeverity,
  FollowUpPacket,
  PacketAlert,
  PacketDosingSession,
  PacketQuestion,
  PacketScore,
  PacketVitals,
  StatusUpdateUrgency,
} from '@kap/shared/contracts';

// The follow-up packet's JSON shape (docs/api.md "Alerts, care-team updates, dashboard"); the
// readings, booster and adverse events have the shape they were recorded in.

export class PacketVitalsResponse extends VitalsReadingBody implements PacketVitals {
  /** Which values of the reading lie outside the course's `vitalsLimits`. */
  outOfRange!: ('systolic' | 'diastolic' | 'heart_rate' | 'spo2')[];
}

export class PacketDosingSessionResponse implements PacketDosingSession {
  id!: string;
  occurredAt!: string;
  route!: string;
  doseMg!: number;
  doseLabel!: string;
  booster!: BoosterBody | null;
  vitals!: PacketVitalsResponse[];
  /** The limits the readings were judged against (the session's course, else the current one). */
  vitalsLimits!: VitalsLimitsBody | null;
  adverseEvents!: AdverseEventBody[] | null;
  documentationComplete!: boolean;
  documentationMissing!: string[];
}

export class PacketScoreResponse implements PacketScore {
  instrument!: string;
  outcomeId!: string;
  administeredAt!: string;
  total!: number | null;
  /** Null where the instrument has no bands (PEG). */
  severity!: string | null;
  baselineTotal!: number | null;
  changeFromBaseline!: number | null;
  reliableChange!: 'improved' | 'deteriorated' | 'none' | null;
}

export class PacketAlertResponse implements PacketAlert {
  id!: string;
  kind!: AlertKind;
  severity!: AlertSeverity;
  createdAt!: string;
}

export class PacketQuestionResponse implements PacketQuestion {
  statusUpdateId!: string;
  urgency!: StatusUpdateUrgency;
  body!: string;
  createdAt!: string;
}

/** The course as the packet shows it: its plan, not its bookkeeping. */
export class PacketCourseResponse
  extends PickType(CourseResponse, [
    'id',
    'indication',
    'phase',
    'startedOn',
    'plannedDosingSessions',
    'dosePlan',
    'vitalsLimits',
  ] as const)
  implements NonNullable<FollowUpPacket['course']> {}

export class FollowUpPacketResponse implements FollowUpPacket {
  patientId!: string;
  patientName!: string;
  generatedAt!: string;
  /** `YYYY-MM-DD`: the packet covers what happened on or after this day. */
  since!: string;
  course!: PacketCourseResponse | null;
  medicalStatus!: MedicalStatusResponse | null;
  dosingSessions!: PacketDosingSessionResponse[];
  scores!: PacketScoreResponse[];
  openAlerts!: PacketAlertResponse[];
  openQuestions!: PacketQuestionResponse[];
}
