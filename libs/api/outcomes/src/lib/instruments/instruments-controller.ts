import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { InstrumentSummary } from '@kap/shared/contracts';
import { INSTRUMENT_CODES, instrumentSummary } from '@kap/shared/domain';
import { InstrumentSummaryResponse } from './instrument-responses';

/**
 * The instrument definitions, from the shared domain code the web form also scores with (and the
 * trend page describes its questionnaire with, without reading this).
 */
const SUMMARIES: InstrumentSummary[] = INSTRUMENT_CODES.map(instrumentSummary);

@Controller('instruments')
export class InstrumentsController {
  @Get()
  @ApiOkResponse({ type: [InstrumentSummaryResponse] })
  list(): InstrumentSummary[] {
    return SUMMARIES;
  }
}
