import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiNoContentResponse, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginAnswer, MfaVerifyResponse, SignedInUser } from '@kap/shared/contracts';
import { Ctx, Public, type RequestContext } from '@kap/api/platform';
import { AuthService } from './auth-service';
import { clientOf } from './client-info';
import { LoginBody } from './login-request';
import { MfaVerifyBody } from '../mfa/mfa-requests';
import { ABSOLUTE_LIFETIME_MS, SESSION_COOKIE } from './session-store';
import { MfaVerifiedResponse, SignedInResponse, SignedInUserResponse } from './auth-responses';
import { MfaChallengeResponse } from '../mfa/mfa-responses';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiExtraModels(SignedInResponse, MfaChallengeResponse)
  @ApiOkResponse({
    description: 'Signed in (the session cookie is set), or the challenge of the second step.',
    schema: {
      oneOf: [{ $ref: getSchemaPath(SignedInResponse) }, { $ref: getSchemaPath(MfaChallengeResponse) }],
    },
  })
  async login(
    @Body() body: LoginBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginAnswer> {
    const outcome = await this.auth.login(body, clientOf(request));
    if (outcome.challenge) return outcome.challenge;
    setSessionCookie(request, reply, outcome.token);
    return { user: outcome.user };
  }

  /** The second step; public like login (the challenge stands in for the session). */
  @Public()
  @Post('mfa/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: MfaVerifiedResponse })
  async verifyMfa(
    @Body() body: MfaVerifyBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MfaVerifyResponse> {
    const { token, ...answer } = await this.auth.verifyMfa(body, clientOf(request));
    setSessionCookie(request, reply, token);
    return answer;
  }

  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(
    @Ctx() ctx: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(ctx.actor, clientOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @ApiOkResponse({ type: SignedInUserResponse })
  me(@Ctx() ctx: RequestContext): SignedInUser {
    return this.auth.me(ctx.actor);
  }
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: ABSOLUTE_LIFETIME_MS / 1000,
  });
}
