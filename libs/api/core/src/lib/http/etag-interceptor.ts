import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

/** A single record with a `version` answers with `ETag: "<version>"`, the value If-Match wants. */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (Number.isInteger(version)) {
          void context.switchToHttp().getResponse<FastifyReply>().header('etag', `"${version}"`);
        }
        return body;
      }),
    );
  }
}
