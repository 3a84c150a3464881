import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../config/app-config';
import { createValidationPipe } from '../errors/validation';
import { UnsafeTextPipe } from '../errors/unsafe-text-pipe';
import { precompressWebAssets, webAssetCacheControl } from './web-assets';

export interface RouteEntry {
  method: string;
  url: string;
}

const ROUTE_TABLES = new WeakMap<object, RouteEntry[]>();

/**
 * Every route the router registered, as the router saw it. The access tests walk this table, so a
 * new route cannot escape them.
 */
export function routeTable(app: NestFastifyApplication): readonly RouteEntry[] {
  return ROUTE_TABLES.get(app) ?? [];
}

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the HTTP application exactly the same way for production and for tests. */
export async function createHttpApp(appModule: unknown, config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 1_048_576,
    // A client's own request id is kept only when it looks like one, so logs cannot be forged.
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(appModule as never, adapter, { bufferLogs: true });
  const routes: RouteEntry[] = [];
  app.getHttpAdapter().getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  ROUTE_TABLES.set(app, routes);
  app.useLogger(app.get(Logger));
  await app.register(fastifyCookie);
  // Built once: @fastify/helmet constructs a new helmet middleware (and re-parses the CSP) on
  // every request, which showed in every profile of the benchmark; the headers never vary here.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'frame-ancestors': ["'none'"],
        'img-src': ["'self'", 'data:'],
        // The app is often reached over plain HTTP on a LAN name; upgrading would break it there.
        'upgrade-insecure-requests': null,
      },
    },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, () => undefined);
    void reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api')) void reply.header('cache-control', 'no-store');
    done();
  });
  if (existsSync(config.webDistDir)) {
    const compression = precompressWebAssets(config.webDistDir);
    if (compression.error) app.get(Logger).warn(`Web files are served uncompressed: ${compression.error}`);
    await app.register(fastifyStatic, {
      root: config.webDistDir,
      prefix: '/',
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => void reply.header('cache-control', webAssetCacheControl(path)),
    });
  }
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new UnsafeTextPipe(), createValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('KAP Care API')
      .setDescription('The HTTP API of KAP Care. Sign in with POST /api/auth/login; the session cookie does the rest.')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
