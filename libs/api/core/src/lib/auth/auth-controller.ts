import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginResponse, User } from '@kap/shared/contracts';
import { Ctx, type RequestContext } from '../http/request-context';
import { Public } from './auth-decorators';
import { AuthService, type ClientInfo } from './auth-service';
import { LoginBody } from './login-request';
import { ABSOLUTE_LIFETIME_MS, SESSION_COOKIE } from './session-store';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: LoginBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    const { user, token } = await this.auth.login(body, clientOf(request));
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      path: '/',
      maxAge: ABSOLUTE_LIFETIME_MS / 1000,
    });
    return { user };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(
    @Ctx() ctx: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(ctx.actor, clientOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  me(@Ctx() ctx: RequestContext): User {
    return this.auth.me(ctx.actor);
  }
}

function clientOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : null, requestId: String(request.id) };
}
