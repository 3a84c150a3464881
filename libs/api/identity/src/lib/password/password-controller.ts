import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse } from '@nestjs/swagger';
import type { PasswordResetLink } from '@kap/shared/contracts';
import {
  Ctx,
  IdempotencyKeyHeader,
  PublicCtx,
  RequestOrigin,
  type PublicRequestContext,
  type RequestContext,
} from '@kap/api/platform';
import { Public, Roles, UuidParam } from '@kap/api/platform';
import { ChangePasswordBody, ResetPasswordBody } from './password-requests';
import { PasswordService } from './password-service';
import { PasswordResetLinkResponse } from './password-responses';

/** Password change, and the practice admin's reset link (docs/api.md "Accounts and hardening"). */
@Controller()
export class PasswordController {
  constructor(private readonly passwords: PasswordService) {}

  @Post('auth/password')
  @HttpCode(204)
  @ApiNoContentResponse()
  change(@Ctx() ctx: RequestContext, @Body() body: ChangePasswordBody): Promise<void> {
    return this.passwords.change(ctx, body);
  }

  @IdempotencyKeyHeader()
  @Post('users/:id/password-reset')
  @Roles('practice_admin')
  @ApiCreatedResponse({ type: PasswordResetLinkResponse })
  issueReset(
    @Ctx() ctx: RequestContext,
    @RequestOrigin() origin: string,
    @Param('id', UuidParam) id: string,
  ): Promise<PasswordResetLink> {
    return this.passwords.issueReset(ctx, origin, id);
  }

  /** Public: the token from the link is the credential (rate-limited per address like /api/q). */
  @Public()
  @Post('auth/password-reset')
  @HttpCode(204)
  @ApiNoContentResponse()
  reset(@PublicCtx() pctx: PublicRequestContext, @Body() body: ResetPasswordBody): Promise<void> {
    return this.passwords.reset(pctx, body);
  }
}
