import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { OrganizationKind, Role } from '@kap/shared/contracts';
import { PreconditionRequired, ValidationFailed } from '@kap/shared/domain';

/**
 * Who is making the request, as the session guard found them: a signed-in person, or a medical
 * team's system holding an API key (then `id` and `apiKeyId` are the key's id, and `role` is
 * `care_coordinator` on an allow-list of routes: docs/decisions/0008-machine-access-webhooks.md).
 */
export interface Actor {
  id: string;
  /** Set only for a machine client authenticated with `Authorization: Bearer <api key>`. */
  apiKeyId?: string;
  email: string;
  displayName: string;
  role: Role;
  organizationId: string;
  organizationKind: OrganizationKind;
  /** The organization's IANA time zone, read with the session (the web's calendar takes it from `/me`). */
  organizationTimeZone: string;
  sessionId: string;
}

/** What a use case needs to know about the request besides its body: who, which request, keys. */
export interface RequestContext {
  actor: Actor;
  requestId: string;
  ip: string;
  idempotencyKey: string | null;
  ifMatch: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (!request.actor) throw new Error('Ctx used on a route without a session');
  return {
    actor: request.actor,
    requestId: String(request.id),
    ip: request.ip,
    idempotencyKey: headerValue(request, 'idempotency-key'),
    ifMatch: headerValue(request, 'if-match'),
  };
});

function headerValue(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

/** The version a client last read, from `If-Match: "<version>"`. Missing → 428. */
export function requiredVersion(ctx: Pick<RequestContext, 'ifMatch'>): number {
  if (ctx.ifMatch === null) throw new PreconditionRequired();
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ctx.ifMatch.trim());
  if (!match) {
    throw new ValidationFailed([{ field: 'If-Match', problem: 'must be the ETag you read, like "3"' }]);
  }
  return Number(match[1]);
}

/**
 * What a public route (no session: the patient's questionnaire link) knows of its request. There
 * is no actor: the link itself is the credential, checked by the use case.
 */
export interface PublicRequestContext {
  requestId: string;
  ip: string;
  idempotencyKey: string | null;
}

export const PublicCtx = createParamDecorator(
  (_: unknown, context: ExecutionContext): PublicRequestContext => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return {
      requestId: String(request.id),
      ip: request.ip,
      idempotencyKey: headerValue(request, 'idempotency-key'),
    };
  },
);

/** The origin the request came in on (`https://care.example.org`): links the API hands out start with it. */
export const RequestOrigin = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return `${request.protocol}://${request.host}`;
});
