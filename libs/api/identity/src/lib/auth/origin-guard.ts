import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@kap/shared/domain';
import { bearerToken } from '../api-keys/api-key-store';
import { APP_CONFIG, type AppConfig } from '@kap/api/platform';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence on top of SameSite=Strict: a state-changing request whose Origin is not the app's
 * own is refused. Requests without Origin (scripts, other servers) are judged by credentials only.
 * (Bearer requests: see below.)
 */
@Injectable()
export class OriginGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method)) return true;
    // An API key is sent by the client on purpose, never attached by the browser the way a cookie
    // is, so a forged cross-site request cannot carry one: bearer requests need no Origin check.
    if (bearerToken(request.headers.authorization) !== null) return true;
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    const own = `${request.protocol}://${request.host}`;
    if (origin === own || this.config.extraOrigins.includes(origin)) return true;
    throw new DomainError('origin_rejected', 'This request came from another web site and was refused.');
  }
}
