import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import type { MfaEnrolment, MfaRecoveryCodes, MfaStatus } from '@kap/shared/contracts';
import { Ctx, type RequestContext } from '@kap/api/platform';
import { MfaCodeBody } from './mfa-requests';
import { MfaEnrolmentService } from './mfa-enrolment-service';
import { MfaEnrolmentResponse, MfaRecoveryCodesResponse, MfaStatusResponse } from './mfa-responses';

/** The signed-in person's own second factor (their security page). */
@Controller('auth/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaEnrolmentService) {}

  @Get()
  @ApiOkResponse({ type: MfaStatusResponse })
  status(@Ctx() ctx: RequestContext): Promise<MfaStatus> {
    return this.mfa.status(ctx);
  }

  @Post('enrolment')
  @HttpCode(200)
  @ApiOkResponse({ type: MfaEnrolmentResponse })
  startEnrolment(@Ctx() ctx: RequestContext): Promise<MfaEnrolment> {
    return this.mfa.startEnrolment(ctx);
  }

  @Post('enrolment/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: MfaRecoveryCodesResponse })
  confirmEnrolment(@Ctx() ctx: RequestContext, @Body() body: MfaCodeBody): Promise<MfaRecoveryCodes> {
    return this.mfa.confirmEnrolment(ctx, body.code);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @ApiOkResponse({ type: MfaRecoveryCodesResponse })
  renewRecoveryCodes(@Ctx() ctx: RequestContext, @Body() body: MfaCodeBody): Promise<MfaRecoveryCodes> {
    return this.mfa.renewRecoveryCodes(ctx, body.code);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse()
  disable(@Ctx() ctx: RequestContext, @Body() body: MfaCodeBody): Promise<void> {
    return this.mfa.disable(ctx, body.code);
  }
}
