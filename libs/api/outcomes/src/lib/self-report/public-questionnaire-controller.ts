import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { Public, PublicCtx, type PublicRequestContext } from '@kap/api/core';
import type { PublicQuestionnaire, SubmittedQuestionnaire } from '@kap/shared/contracts';
import { PublicQuestionnaireService } from './public-questionnaire-service';
import { SubmitQuestionnaireBody } from './self-report-requests';

/**
 * The patient's questionnaire link (docs/api.md "Patient self-report"): public, no session. The token
 * in the path is the credential; the service rate-limits per address and audits every request.
 */
@Controller('q')
export class PublicQuestionnaireController {
  constructor(private readonly questionnaires: PublicQuestionnaireService) {}

  @Public()
  @Get(':token')
  open(@PublicCtx() pctx: PublicRequestContext, @Param('token') token: string): Promise<PublicQuestionnaire> {
    return this.questionnaires.open(pctx, token);
  }

  @Public()
  @Post(':token')
  submit(
    @PublicCtx() pctx: PublicRequestContext,
    @Param('token') token: string,
    @Body() body: SubmitQuestionnaireBody,
  ): Promise<SubmittedQuestionnaire> {
    return this.questionnaires.submit(pctx, token, body);
  }
}
