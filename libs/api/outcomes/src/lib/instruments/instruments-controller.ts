import { Controller, Get } from '@nestjs/common';
import type { InstrumentSummary } from '@kap/shared/contracts';
import { INSTRUMENT_CODES, INSTRUMENTS, reliableChangeThreshold } from '@kap/shared/domain';

/** The instrument definitions, from the shared domain code the web form also scores with. */
const SUMMARIES: InstrumentSummary[] = INSTRUMENT_CODES.map((code) => {
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
    bands: def.bands.map((b) => ({ ...b })),
    ...(def.loinc ? { loinc: def.loinc } : {}),
    acceptsDifficulty: def.acceptsDifficulty,
    reliableChange: threshold === null || def.reliableChange === null ? null : { threshold, source: def.reliableChange.source },
    source: def.source,
  };
});

@Controller('instruments')
export class InstrumentsController {
  @Get()
  list(): InstrumentSummary[] {
    return SUMMARIES;
  }
}
