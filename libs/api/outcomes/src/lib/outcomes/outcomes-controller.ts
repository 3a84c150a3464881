import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { Ctx, Roles, UuidParam, type RequestContext, IdempotencyKeyHeader } from '@kap/api/platform';
import type { Outcome, OutcomeTrend, Page } from '@kap/shared/contracts';
import { OutcomesQuery, RecordOutcomeBody, TrendQuery, VoidOutcomeBody } from './outcome-requests';
import { OutcomesService } from './outcomes-service';
import { OutcomePage, OutcomeResponse, OutcomeTrendResponse } from './outcome-responses';

@Controller()
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  // A practice admin manages the practice; scores come from those who administer them.
  @IdempotencyKeyHeader()
  @Post('patients/:id/outcomes')
  @Roles('therapist', 'prescriber', 'care_coordinator')
  @ApiCreatedResponse({ type: OutcomeResponse })
  record(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Body() body: RecordOutcomeBody,
  ): Promise<Outcome> {
    return this.outcomes.record(ctx, patientId, body);
  }

  @Get('patients/:id/outcomes')
  @ApiOkResponse({ type: OutcomePage })
  list(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Query() query: OutcomesQuery,
  ): Promise<Page<Outcome>> {
    return this.outcomes.list(ctx, patientId, query);
  }

  @Get('patients/:id/outcomes/trend')
  @ApiOkResponse({ type: OutcomeTrendResponse })
  trend(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Query() query: TrendQuery,
  ): Promise<OutcomeTrend> {
    return this.outcomes.trend(ctx, patientId, query.instrument);
  }

  @Post('outcomes/:id/void')
  @Roles('therapist', 'prescriber', 'care_coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: OutcomeResponse })
  void(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: VoidOutcomeBody,
  ): Promise<Outcome> {
    return this.outcomes.void(ctx, id, body);
  }
}
