import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@kap/shared/contracts';
import { DomainError, Forbidden } from '@kap/shared/domain';
import { ApiKeyStore, bearerToken } from '../api-keys/api-key-store';
import { isMachineRoute } from '../api-keys/machine-routes';
import { AuditLog } from '@kap/api/audit';
import { ALLOWED_ROLES, IS_PUBLIC } from '@kap/api/platform';
import { SESSION_COOKIE, SessionStore } from './session-store';

interface RoutePolicy {
  isPublic: boolean;
  roles: Role[] | undefined;
}

/** Deny by default: every route needs a live session unless marked @Public(); then the role. */
@Injectable()
export class SessionGuard implements CanActivate {
  /**
   * Each route's decorators, read once: they never change after start-up, and reading them
   * through the Reflector on every request was a visible share of a short request.
   */
  private readonly policies = new WeakMap<object, WeakMap<object, RoutePolicy>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly apiKeys: ApiKeyStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.policyOf(context);
    if (policy.isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // A request with bearer credentials is judged by its API key alone; cookies are then ignored.
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== null) {
      request.actor = await this.apiKeys.resolve(bearer, { requestId: String(request.id), ip: request.ip });
    } else {
      const token = request.cookies?.[SESSION_COOKIE];
      if (!token) throw new DomainError('unauthenticated', 'Please sign in.');
      request.actor = await this.sessions.resolve(token);
    }
    const roles = policy.roles;
    const machineRefused =
      request.actor.apiKeyId !== undefined && !isMachineRoute(request.method, request.routeOptions.url);
    if (machineRefused || (roles && !roles.includes(request.actor.role))) {
      // A role that may never call this route is a failed access attempt (R10): audited, but no
      // patient is named, because nothing was looked up and the id in the path may not exist.
      const actor = request.actor;
      await this.audit.record({
        action: 'access.forbidden',
        outcome: 'denied',
        actorId: actor.id,
        actorRole: actor.role,
        organizationId: actor.organizationId,
        requestId: String(request.id),
        ip: request.ip,
        detail: { route: `${request.method} ${request.routeOptions.url ?? ''}` },
      });
      throw machineRefused
        ? new Forbidden(
            'An API key may only read what is shared with its team and post medical status and scores.',
          )
        : new Forbidden();
    }
    return true;
  }

  private policyOf(context: ExecutionContext): RoutePolicy {
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.policies.get(controller);
    if (!byHandler) this.policies.set(controller, (byHandler = new WeakMap()));
    let policy = byHandler.get(handler);
    if (!policy) {
      const targets = [handler, controller];
      policy = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets),
      };
      byHandler.set(handler, policy);
    }
    return policy;
  }
}
