import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, getSchemaPath, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import type { AppConfig } from '../config/app-config';
import { createValidationPipe, UnknownFieldsPipe } from '../errors/validation';
import { UnsafeTextPipe } from '../errors/unsafe-text-pipe';
import { addAnswerHeaders, requestIdOf } from './answer-headers';
import { ErrorDetailResponse, ErrorResponse } from './contract-responses';
import { APP_LOG, AppLogger, logRequests, type AppLogs } from './app-log';
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

/**
 * What the @nestjs/swagger plugin reads from the code (every request and response class,
 * every route's answer), generated into the app by `npm run openapi:metadata` (docs/api.md). The
 * app passes it in: the platform knows no feature's classes.
 */
export type OpenApiMetadata = () => Promise<Record<string, unknown>>;

/** Builds the HTTP application exactly the same way for production and for tests. */
export async function createHttpApp(
  appModule: unknown,
  config: AppConfig,
  openApiMetadata: OpenApiMetadata,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // No Express-style middleware anywhere (logging, headers and ETags are Fastify hooks), so no
    // @fastify/middie: it would run its matcher on every request for nothing.
    skipMiddie: true,
    bodyLimit: 1_048_576,
    // Behind a TLS proxy the forwarded protocol and host decide the cookie's Secure flag and the
    // app's own origin (issue 22, finding 5); off unless TRUST_PROXY names the proxy.
    trustProxy: config.trustProxy,
    // A client's own request id is kept only when it looks like one, so logs cannot be forged.
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  // The API takes JSON only (issue 22, finding 6): Nest's body parsers would add form bodies, and
  // Fastify's own text/plain parser goes too, so any other type answers 415 unsupported_media_type.
  // Fastify's built-in JSON parser stays, with the body limit and prototype-poisoning refusal.
  const app = await NestFactory.create<NestFastifyApplication>(appModule as never, adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  const routes: RouteEntry[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  ROUTE_TABLES.set(app, routes);
  app.useLogger(app.get(AppLogger));
  await app.register(fastifyCookie);
  const fastify = app.getHttpAdapter().getInstance();
  addAnswerHeaders(fastify);
  // A single record with a `version` answers with `ETag: "<version>"`, the value If-Match wants.
  // A serialization hook rather than a Nest interceptor: an interceptor wraps every request in
  // RxJS and async-hook bindings, a measurable share of a short request (P2 in docs/requirements.md).
  fastify.addHook('preSerialization', (_request, reply, payload, done) => {
    const version = (payload as { version?: unknown } | null)?.version;
    if (Number.isInteger(version)) void reply.header('etag', `"${version}"`);
    done(null, payload);
  });
  logRequests(fastify, app.get<symbol, AppLogs>(APP_LOG).requests);
  if (existsSync(config.webDistDir)) {
    const compression = precompressWebAssets(config.webDistDir);
    if (compression.error) app.get(AppLogger).warn(`Web files are served uncompressed: ${compression.error}`);
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
  app.useGlobalPipes(new UnknownFieldsPipe(), new UnsafeTextPipe(), createValidationPipe());
  await SwaggerModule.loadPluginMetadata(openApiMetadata);
  const document = withErrorAnswers(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('KAP Care API')
        .setDescription(
          'The HTTP API of KAP Care. Sign in with POST /api/auth/login; the session cookie does the rest.',
        )
        .setVersion('0.1.0')
        .build(),
      { extraModels: [ErrorResponse, ErrorDetailResponse] },
    ),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/**
 * Every operation can answer a 4xx (no session, validation, not found...), always in the one error
 * shape (docs/api.md "Conventions"), so the document says so once per operation.
 */
function withErrorAnswers(document: OpenAPIObject): OpenAPIObject {
  const errorAnswer = {
    description: 'The error shape: `error` is a stable code, `message` a sentence a person can act on.',
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponse) } } },
  };
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = path[method];
      if (operation) operation.responses['4XX'] ??= errorAnswer;
    }
  }
  return document;
}
