import type { FastifyRequest } from 'fastify';

/** Who is knocking, for the throttle and the audit trail. */
export interface ClientInfo {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export function clientOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    requestId: String(request.id),
  };
}
