import type { InstrumentSummary } from '@kap/shared/contracts';
import type { Band, InstrumentCode } from '@kap/shared/domain';

type Summary = InstrumentSummary;

export class InstrumentItemResponse implements Readonly<Summary['items'][number]> {
  text!: string;
  min!: number;
  max!: number;
}

export class ScoreRangeResponse implements NonNullable<Summary['range']> {
  min!: number;
  max!: number;
}

export class BandResponse implements Band {
  /** Inclusive lower bound of the total (or item, for single-item scales). */
  min!: number;
  /** Inclusive upper bound. */
  max!: number;
  severity!: string;
  label!: string;
}

export class InstrumentLoincResponse implements NonNullable<Summary['loinc']> {
  panel!: string;
  total!: string;
}

export class ReliableChangeResponse implements NonNullable<Summary['reliableChange']> {
  threshold!: number;
  source!: string;
}

/** An entry of `GET /api/instruments` (docs/api.md "Outcome measures"). */
export class InstrumentSummaryResponse implements InstrumentSummary {
  code!: InstrumentCode;
  name!: string;
  version!: string;
  stem!: string;
  answerKind!: 'integer' | 'boolean';
  answerLabels!: string[];
  items!: InstrumentItemResponse[];
  range!: ScoreRangeResponse | null;
  /** Digits after the decimal point of the total (1 for the PEG); whole numbers when absent. */
  totalDecimals?: number;
  bands!: BandResponse[];
  loinc?: InstrumentLoincResponse;
  acceptsDifficulty!: boolean;
  /** Points that make a change reliable, and where that number comes from. */
  reliableChange!: ReliableChangeResponse | null;
  source!: string;
}
