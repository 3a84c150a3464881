import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { Public, PublicCtx, type PublicRequestContext, IdempotencyKeyHeader } from '@kap/api/platform';
import type { PublicQuestionnaire, SubmittedQuestionnaire } from '@kap/shared/contracts';
import { PublicQuestionnaireService } from './public-questionnaire-service';
import { SubmitQuestionnaireBody } from './self-report-requests';
import { PublicQuestionnaireResponse, SubmittedQuestionnaireResponse } from './self-report-responses';

/**
 * The patient's questionnaire link (docs/api.md "Patient self-report"): public, no session. The token
 * in the path is the credential; the service rate-limits per address and audits every request.
 */
@Controller('q')
export class PublicQuestionnaireController {
  constructor(private readonly questionnaires: PublicQuestionnaireService) {}

  @Public()
  @Get(':token')
  @ApiOkResponse({ type: PublicQuestionnaireResponse })
  open(@PublicCtx() pctx: PublicRequestContext, @Param('token') token: string): Promise<PublicQuestionnaire> {
    return this.questionnaires.open(pctx, token);
  }

  @IdempotencyKeyHeader()
  @Public()
  @Post(':token')
  @ApiCreatedResponse({ type: SubmittedQuestionnaireResponse })
  submit(
    @PublicCtx() pctx: PublicRequestContext,
    @Param('token') token: string,
    @Body() body: SubmitQuestionnaireBody,
  ): Promise<SubmittedQuestionnaire> {
    return this.questionnaires.submit(pctx, token, body);
  }
}
