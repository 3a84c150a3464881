import { Controller, Get } from '@nestjs/common';
import type { InstrumentSummary } from '@kap/shared/contracts';
import { INSTRUMENT_CODES, instrumentSummary } from '@kap/shared/domain';

/**
 * The instrument definitions, from the shared domain code the web form also scores with (and the
 * trend page describes its questionnaire with, without reading this).
 */
const SUMMARIES: InstrumentSummary[] = INSTRUMENT_CODES.map(instrumentSummary);

@Controller('instruments')
export class InstrumentsController {
  @Get()
  list(): InstrumentSummary[] {
    return SUMMARIES;
  }
}
