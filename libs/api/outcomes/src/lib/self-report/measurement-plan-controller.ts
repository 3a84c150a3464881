import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Ctx, Roles, UuidParam, type RequestContext, IfMatchHeader } from '@kap/api/platform';
import type { MeasurementPlan } from '@kap/shared/contracts';
import { MeasurementPlanService } from './measurement-plan-service';
import { PutMeasurementPlanBody } from './self-report-requests';
import { MeasurementPlanResponse } from './self-report-responses';

/** Contract: docs/api.md "Patient self-report" (measurement plan per course). */
@Controller('courses/:id/measurement-plan')
export class MeasurementPlanController {
  constructor(private readonly plans: MeasurementPlanService) {}

  @Get()
  @ApiOkResponse({ type: MeasurementPlanResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) courseId: string): Promise<MeasurementPlan> {
    return this.plans.get(ctx, courseId);
  }

  @IfMatchHeader()
  @Put()
  @Roles('therapist')
  @ApiOkResponse({ type: MeasurementPlanResponse })
  put(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) courseId: string,
    @Body() body: PutMeasurementPlanBody,
  ): Promise<MeasurementPlan> {
    return this.plans.put(ctx, courseId, body);
  }
}
