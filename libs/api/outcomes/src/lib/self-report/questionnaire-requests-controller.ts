import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import {
  Ctx,
  IdempotencyKeyHeader,
  RequestOrigin,
  Roles,
  UuidParam,
  type RequestContext,
} from '@kap/api/platform';
import type { CreatedQuestionnaireRequest, QuestionnaireRequest } from '@kap/shared/contracts';
import { CreateQuestionnaireRequestBody } from './self-report-requests';
import { QuestionnaireRequestsService } from './questionnaire-requests-service';
import { CreatedQuestionnaireRequestResponse, QuestionnaireRequestResponse } from './self-report-responses';

/** Contract: docs/api.md "Patient self-report" (questionnaire requests). */
@Controller()
export class QuestionnaireRequestsController {
  constructor(private readonly requests: QuestionnaireRequestsService) {}

  // The patient's therapist sends questionnaires; the medical team sees the answers as scores.
  @IdempotencyKeyHeader()
  @Post('patients/:id/questionnaire-requests')
  @Roles('therapist')
  @ApiCreatedResponse({ type: CreatedQuestionnaireRequestResponse })
  create(
    @Ctx() ctx: RequestContext,
    @RequestOrigin() origin: string,
    @Param('id', UuidParam) patientId: string,
    @Body() body: CreateQuestionnaireRequestBody,
  ): Promise<CreatedQuestionnaireRequest> {
    return this.requests.create(ctx, origin, patientId, body);
  }

  @Get('patients/:id/questionnaire-requests')
  @Roles('therapist', 'practice_admin')
  @ApiOkResponse({ type: [QuestionnaireRequestResponse] })
  list(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
  ): Promise<QuestionnaireRequest[]> {
    return this.requests.list(ctx, patientId);
  }

  @Post('questionnaire-requests/:id/cancel')
  @Roles('therapist')
  @HttpCode(200)
  @ApiOkResponse({ type: QuestionnaireRequestResponse })
  cancel(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<QuestionnaireRequest> {
    return this.requests.cancel(ctx, id);
  }
}
