import type {
  CreatedQuestionnaireRequest,
  MeasurementPlan,
  PublicInstrument,
  PublicQuestionnaire,
  QuestionnaireRequest,
  QuestionnaireRequestStatus,
  SubmittedQuestionnaire,
} from '@kap/shared/contracts';
import type { InstrumentCode, MeasurementPlanRule, PlanEvery, SelfReportQuestion } from '@kap/shared/domain';

// The OpenAPI shapes of the answers (docs/api.md "Patient self-report"); `implements` keeps them in
// step with the contract the web reads.

/** A request as listed on the patient page (no link: the token is shown once, at creation). */
export class QuestionnaireRequestResponse implements QuestionnaireRequest {
  id!: string;
  patientId!: string;
  courseId!: string | null;
  instruments!: InstrumentCode[];
  status!: QuestionnaireRequestStatus;
  createdAt!: string;
  expiresAt!: string;
  completedAt!: string | null;
  cancelledAt!: string | null;
  /** `plan` when the measurement plan's job created it, `therapist` when sent by hand. */
  origin!: 'therapist' | 'plan';
  /** Whether a mail with the link went to the patient. */
  mailed!: boolean;
}

/** The answer to creating a request: the link, this once. */
export class CreatedQuestionnaireRequestResponse
  extends QuestionnaireRequestResponse
  implements CreatedQuestionnaireRequest
{
  /** The app's public origin + `/q/<token>`. Only a hash of the token is stored. */
  url!: string;
}

/** One question as the patient sees it: `labels[k]` are the words of the answer `min + k`. */
export class SelfReportQuestionResponse implements SelfReportQuestion {
  text!: string;
  min!: number;
  max!: number;
  labels!: string[];
}

export class PublicInstrumentResponse implements PublicInstrument {
  code!: InstrumentCode;
  name!: string;
  instructions!: string;
  /** C-SSRS answers are sent as false/true. */
  items!: SelfReportQuestionResponse[];
  /** The PHQ-9's and GAD-7's optional closing "how difficult…" question (`difficulty`, 0–3), else null. */
  difficulty!: SelfReportQuestionResponse | null;
}

/** What the patient's page shows: the practice's name and the patient's first name, nothing else. */
export class PublicQuestionnaireResponse implements PublicQuestionnaire {
  practiceName!: string;
  /** The preferred name, else the given name. */
  firstName!: string;
  expiresAt!: string;
  instruments!: PublicInstrumentResponse[];
}

export class SubmittedQuestionnaireResponse implements SubmittedQuestionnaire {
  received!: number;
  /** True when an answer raised a suicidality or C-SSRS alert: the page shows the crisis line at once. */
  crisisResources!: boolean;
}

/** One rule of a course's measurement plan: after each dose (with an offset) or every N days. */
export class MeasurementPlanRuleSchema implements MeasurementPlanRule {
  instrument!: InstrumentCode;
  every!: PlanEvery;
  /** Hours after a dosing session, 0–336 (`every: "dosing_session"`). */
  offsetHours?: number;
  /** 1–90 (`every: "days"`). */
  days?: number;
}

export class MeasurementPlanResponse implements MeasurementPlan {
  rules!: MeasurementPlanRuleSchema[];
  /** 0 for a course without a plan; send it back in `If-Match`. */
  version!: number;
}
