import { INSTRUMENTS, type Band, type InstrumentCode } from './instruments';
import { reliableChangeThreshold } from './reliable-change';

/**
 * A questionnaire as the clinic's screens need it: the definition without the item-level LOINC
 * codes, and with the reliable-change threshold worked out in points. This is the shape of an
 * entry of `GET /api/instruments` (the contracts' `InstrumentSummary` is this type).
 */
export interface InstrumentDescription {
  code: InstrumentCode;
  name: string;
  version: string;
  stem: string;
  answerKind: 'integer' | 'boolean';
  answerLabels: readonly string[];
  items: { text: string; min: number; max: number }[];
  range: { min: number; max: number } | null;
  /** Digits after the decimal point of the total (1 for the PEG); whole numbers when absent. */
  totalDecimals?: number;
  bands: Band[];
  loinc?: { panel: string; total: string };
  acceptsDifficulty: boolean;
  /** Points that make a change reliable, and where that number comes from. */
  reliableChange: { threshold: number; source: string } | null;
  source: string;
}

/**
 * One questionnaire described from the definitions table. The API serves these as
 * `/api/instruments`; the trend page builds the one it shows itself, so it waits for no read.
 * Copies are returned (items, bands), so no caller can change the shared table.
 */
export function instrumentSummary(code: InstrumentCode): InstrumentDescription {
  const def = INSTRUMENTS[code];
  const threshold = reliableChangeThreshold(def.reliableChange);
  return {
    code,
    name: def.name,
    version: def.version,
    stem: def.stem,
    answerKind: def.answerKind,
    answerLabels: def.answerLabels,
    items: def.items.map(({ text, min, max }) => ({ text, min, max })),
    range: def.range,
    ...(def.totalDecimals ? { totalDecimals: def.totalDecimals } : {}),
    bands: def.bands.map((band) => ({ ...band })),
    ...(def.loinc ? { loinc: def.loinc } : {}),
    acceptsDifficulty: def.acceptsDifficulty,
    reliableChange:
      threshold === null || def.reliableChange === null
        ? null
        : { threshold, source: def.reliableChange.source },
    source: def.source,
  };
}
