import { Body, Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import type { MfaStatus } from '@kap/shared/contracts';
import { Ctx, type RequestContext, Roles, UuidParam } from '@kap/api/platform';
import { MfaPolicyBody } from './mfa-requests';
import { MfaPolicyService } from './mfa-policy-service';
import { MfaStatusResponse } from './mfa-responses';

/** A practice admin's side of two-step sign-in: the policy, and a reset for a member who lost it. */
@Controller()
@Roles('practice_admin')
export class MfaAdminController {
  constructor(private readonly mfa: MfaPolicyService) {}

  @Put('organization/mfa-policy')
  @ApiOkResponse({ type: MfaStatusResponse })
  setPolicy(@Ctx() ctx: RequestContext, @Body() body: MfaPolicyBody): Promise<MfaStatus> {
    return this.mfa.setPolicy(ctx, body.policy);
  }

  @Delete('users/:id/mfa')
  @HttpCode(204)
  @ApiNoContentResponse()
  resetMember(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<void> {
    return this.mfa.resetMember(ctx, id);
  }
}
