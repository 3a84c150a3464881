/** Patient self-report: questionnaire links and measurement plans. Contract: docs/api.md "Patient self-report". */
import type { InstrumentCode, MeasurementPlanRule, SelfReportQuestion } from '@kap/shared/domain';

export type QuestionnaireRequestStatus = 'open' | 'completed' | 'expired' | 'cancelled';

export interface CreateQuestionnaireRequest {
  /** 1–4 instruments the patient answers themselves (never the clinician-rated CGI). */
  instruments: InstrumentCode[];
  /** 1–336; 72 when left out. */
  expiresInHours?: number;
}

/** A request as listed on the patient page (no link: the token is shown once, at creation). */
export interface QuestionnaireRequest {
  id: string;
  patientId: string;
  courseId: string | null;
  instruments: InstrumentCode[];
  status: QuestionnaireRequestStatus;
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
  /** `plan` when the measurement plan's job created it, `therapist` when sent by hand. */
  origin: 'therapist' | 'plan';
  /** Whether a mail with the link went to the patient. */
  mailed: boolean;
}

/** The answer to creating a request: the link, this once. */
export interface CreatedQuestionnaireRequest extends QuestionnaireRequest {
  /** The app's public origin + `/q/<token>`. Only a hash of the token is stored. */
  url: string;
}

/** What the patient's page shows: the practice's name and the patient's first name, nothing else. */
export interface PublicQuestionnaire {
  practiceName: string;
  /** The preferred name, else the given name. */
  firstName: string;
  expiresAt: string;
  instruments: PublicInstrument[];
}

export interface PublicInstrument {
  code: InstrumentCode;
  name: string;
  instructions: string;
  /** `labels[k]` are the words of the answer `min + k`. C-SSRS answers are sent as false/true. */
  items: SelfReportQuestion[];
  /** The PHQ-9's and GAD-7's optional closing "how difficult…" question (`difficulty`, 0–3), else null. */
  difficulty: SelfReportQuestion | null;
}

export interface QuestionnaireAnswer {
  instrument: InstrumentCode;
  items: number[] | boolean[];
  difficulty?: number;
}

export interface SubmitQuestionnaireRequest {
  answers: QuestionnaireAnswer[];
}

export interface SubmittedQuestionnaire {
  received: number;
  /** True when an answer raised a suicidality or C-SSRS alert: the page shows the crisis line at once. */
  crisisResources: boolean;
}

export interface MeasurementPlan {
  rules: MeasurementPlanRule[];
  /** 0 for a course without a plan; send it back in `If-Match`. */
  version: number;
}

export interface PutMeasurementPlanRequest {
  rules: MeasurementPlanRule[];
}
