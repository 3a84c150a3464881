import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { PersonRefResponse } from '@kap/api/platform';
import type {
  Outcome,
  OutcomeSource,
  OutcomeTrend,
  Page,
  TrendEvent,
  TrendPoint,
} from '@kap/shared/contracts';
import type { InstrumentCode, PclSubscales } from '@kap/shared/domain';

/** An instrument's answers: whole numbers, or yes/no for the C-SSRS screener. */
export const ANSWER_ITEMS_SCHEMA: ApiPropertyOptions = {
  oneOf: [
    { type: 'array', items: { type: 'integer' } },
    { type: 'array', items: { type: 'boolean' } },
  ],
};

export class PclSubscalesResponse implements PclSubscales {
  B!: number;
  C!: number;
  D!: number;
  E!: number;
}

/** A score as answered (docs/api.md "Outcome measures", "Scores"). */
export class OutcomeResponse implements Outcome {
  id!: string;
  patientId!: string;
  instrument!: InstrumentCode;
  instrumentVersion!: string;
  administeredAt!: string;
  @ApiProperty(ANSWER_ITEMS_SCHEMA)
  items!: number[] | boolean[];
  /** Null for the C-SSRS screener; the PEG's is a mean with one decimal. */
  total!: number | null;
  /** The band, or the C-SSRS risk level; null where none is published (PEG). */
  severity!: string | null;
  /** PCL-5 only. */
  subscales!: PclSubscalesResponse | null;
  flags!: string[];
  difficulty!: number | null;
  source!: OutcomeSource;
  sessionId!: string | null;
  /** Null for the patient's own answer through a questionnaire link. */
  enteredBy!: PersonRefResponse | null;
  createdAt!: string;
  voidedAt!: string | null;
  voidReason!: string | null;
}

export class OutcomePage implements Page<Outcome> {
  items!: OutcomeResponse[];
  nextCursor!: string | null;
}

export class TrendPointResponse implements TrendPoint {
  outcomeId!: string;
  administeredAt!: string;
  /** Null for the C-SSRS screener (categorical: `severity` holds the risk level). */
  total!: number | null;
  /** Null where no band is published (PEG). */
  severity!: string | null;
  /** Null where there is no baseline arithmetic (C-SSRS screener). */
  changeFromBaseline!: number | null;
  reliableChange!: 'improved' | 'deteriorated' | 'none';
  response!: boolean;
  remission!: boolean;
  /** Who gave the score: the chart marks the patient's own reports apart. */
  source!: OutcomeSource;
}

export class TrendEventResponse implements TrendEvent {
  at!: string;
  kind!: 'dosing' | 'medical_follow_up' | 'course_start';
  label!: string;
}

export class OutcomeTrendResponse implements OutcomeTrend {
  instrument!: InstrumentCode;
  baseline!: TrendPointResponse | null;
  points!: TrendPointResponse[];
  /** In points; null where an instrument has none. */
  reliableChangeThreshold!: number | null;
  reliableChangeSource!: string | null;
  events!: TrendEventResponse[];
}
