import SwaggerParser from '@apidevtools/swagger-parser';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  linkTeam,
  dayFromToday,
  type CareWorld,
} from '../testing/care-world';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * The published contract (docs/api.md): /api/docs-json describes every request body and every
 * answer, validates as OpenAPI, and what the API really sends matches what it says.
 */

type Schema = Record<string, unknown>;
type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  let operations: { name: string; operation: Operation }[];

  beforeAll(async () => {
    t = await createTestApp();
    const response = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(response.statusCode).toBe(200);
    doc = response.json();
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => {
        const operation = (item as Record<string, Operation | undefined>)[method];
        return operation ? [{ name: `${method.toUpperCase()} ${path}`, operation }] : [];
      }),
    );
  });
  afterAll(() => t.close());

  function componentOf(ref: string): Schema | undefined {
    return doc.components?.schemas?.[ref.replace('#/components/schemas/', '')] as Schema | undefined;
  }

  /** A schema that says what it holds: not a bare `object` the compiler plugin could not resolve. */
  function describes(schema: Schema | undefined, seen = new Set<string>()): boolean {
    if (!schema) return false;
    if (typeof schema['$ref'] === 'string') {
      const ref = schema['$ref'];
      return seen.has(ref) || describes(componentOf(ref), new Set([...seen, ref]));
    }
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      const parts = schema[key] as Schema[] | undefined;
      if (parts) return parts.length > 0 && parts.every((part) => describes(part, seen));
    }
    if (schema['type'] === 'array') return describes(schema['items'] as Schema | undefined, seen);
    if (schema['type'] === 'object' || schema['type'] === undefined) {
      return (
        Object.keys((schema['properties'] as object | undefined) ?? {}).length > 0 ||
        schema['additionalProperties'] !== undefined
      );
    }
    return true;
  }

  it('validates as an OpenAPI document', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('describes the body of every operation that takes one', () => {
    const byId = new Map(operations.map((o) => [o.operation.operationId, o]));
    const missing: string[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const controller of module.controllers.values()) {
        const type = controller.metatype as { name: string; prototype: object } | null;
        if (!type) continue;
        for (const method of Object.getOwnPropertyNames(type.prototype)) {
          const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, type, method) ?? {};
          if (!Object.keys(args).some((key) => key.startsWith(`${RouteParamtypes.BODY}:`))) continue;
          const found = byId.get(`${type.name}_${method}`);
          const schema = found?.operation.requestBody?.content['application/json']?.schema;
          if (!describes(schema)) missing.push(found?.name ?? `${type.name}.${method} (not in the document)`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('describes every answer: a 2xx with a schema, or a 204 with no body', () => {
    const missing = operations
      .filter(({ operation }) => {
        const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
        if (success.length === 0) return true;
        return !success.every(([status, answer]) =>
          status === '204'
            ? answer.content === undefined
            : Object.values(answer.content ?? {}).length > 0 &&
              Object.values(answer.content ?? {}).every((media) => describes(media.schema)),
        );
      })
      .map(({ name }) => name);
    expect(missing).toEqual([]);
  });

  it('says what every field of every schema holds', () => {
    const vague = Object.entries(doc.components?.schemas ?? {}).flatMap(([name, schema]) =>
      Object.entries(((schema as Schema)['properties'] as Record<string, Schema> | undefined) ?? {})
        .filter(([, field]) => !describes(field) && field['type'] === 'object')
        .map(([field]) => `${name}.${field}`),
    );
    expect(vague).toEqual([]);
    expect(Object.keys(doc.components?.schemas ?? {})).not.toContain('Object');
  });

  it('documents the error shape on every operation', () => {
    const without = operations
      .filter(
        ({ operation }) => !describes(operation.responses['4XX']?.content?.['application/json']?.schema),
      )
      .map(({ name }) => name);
    expect(without).toEqual([]);
  });

  it('lists the If-Match and Idempotency-Key headers where the API honours them', () => {
    const taking = (header: string) =>
      operations
        .filter(({ operation }) => operation.parameters?.some((p) => p.in === 'header' && p.name === header))
        .map(({ name }) => name)
        .sort();
    // docs/api.md "Conventions": the versioned records' changes, and the creating POSTs that go
    // through UnitOfWork.create (and the patient's questionnaire answer).
    expect(taking('If-Match')).toEqual(
      [
        'PATCH /api/courses/{id}',
        'PATCH /api/notes/{id}',
        'PATCH /api/patients/{id}',
        'PATCH /api/sessions/{id}',
        'PATCH /api/users/{id}',
        'PUT /api/courses/{id}/measurement-plan',
      ].sort(),
    );
    expect(taking('Idempotency-Key')).toEqual(
      [
        'POST /api/api-keys',
        'POST /api/notes/{id}/addenda',
        'POST /api/patients',
        'POST /api/patients/{id}/courses',
        'POST /api/patients/{id}/follow-up-packet/send',
        'POST /api/patients/{id}/medical-status',
        'POST /api/patients/{id}/notes',
        'POST /api/patients/{id}/outcomes',
        'POST /api/patients/{id}/psychotherapy-notes',
        'POST /api/patients/{id}/questionnaire-requests',
        'POST /api/patients/{id}/sessions',
        'POST /api/patients/{id}/status-updates',
        'POST /api/q/{token}',
        'POST /api/users',
        'POST /api/users/{id}/password-reset',
        'POST /api/webhooks',
      ].sort(),
    );
  });

  describe('what the API sends matches what the document says', () => {
    let world: CareWorld;
    beforeAll(async () => (world = await createCareWorld(t.app)));

    /** The fields of `value` that break `schema`, by path; fields the schema does not name count too. */
    function problems(value: unknown, schema: Schema, path: string): string[] {
      if (typeof schema['$ref'] === 'string') {
        const target = componentOf(schema['$ref']);
        return target ? problems(value, target, path) : [`${path}: ${schema['$ref']} is not in the document`];
      }
      if (value === null) return schema['nullable'] ? [] : [`${path}: null, not nullable`];
      if (schema['anyOf'] || schema['oneOf']) {
        const branches = (schema['anyOf'] ?? schema['oneOf']) as Schema[];
        const results = branches.map((branch) => problems(value, branch, path));
        const fits = results.filter((r) => r.length === 0).length;
        if (schema['oneOf'] ? fits === 1 : fits > 0) return [];
        return [`${path}: fits none of its ${branches.length} shapes (${results.flat().join('; ')})`];
      }
      const own = ((schema['allOf'] as Schema[] | undefined) ?? []).flatMap((part) =>
        problems(value, part, path),
      );
      if (schema['enum'] && !(schema['enum'] as unknown[]).includes(value))
        own.push(`${path}: ${JSON.stringify(value)} not in the enum`);
      switch (schema['type']) {
        case 'string':
        case 'boolean':
          if (typeof value !== schema['type']) own.push(`${path}: ${typeof value}, not ${schema['type']}`);
          break;
        case 'number':
        case 'integer':
          if (typeof value !== 'number') own.push(`${path}: ${typeof value}, not a number`);
          break;
        case 'array':
          if (!Array.isArray(value)) own.push(`${path}: not an array`);
          else
            value.forEach((item, i) =>
              own.push(...problems(item, schema['items'] as Schema, `${path}[${i}]`)),
            );
          break;
        case 'object': {
          if (typeof value !== 'object' || Array.isArray(value)) {
            own.push(`${path}: not an object`);
            break;
          }
          const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
          const record = value as Record<string, unknown>;
          for (const field of (schema['required'] as string[] | undefined) ?? [])
            if (!(field in record)) own.push(`${path}.${field}: required, missing`);
          for (const [field, fieldValue] of Object.entries(record)) {
            if (properties[field]) own.push(...problems(fieldValue, properties[field], `${path}.${field}`));
            else if (Object.keys(properties).length > 0 && schema['additionalProperties'] === undefined)
              own.push(`${path}.${field}: sent, not in the document`);
          }
        }
      }
      return own;
    }

    /**
     * Calls the API and lists where its answer breaks the documented schema of `route`; an answer
     * with another status than `status` is itself a problem (a refused setup call proves nothing).
     */
    async function answerFits(call: {
      method: 'GET' | 'POST';
      url: string;
      as: Record<string, string>;
      route: string;
      status: number;
      payload?: object;
    }): Promise<string[]> {
      const { method, url, as: cookies, route, payload } = call;
      const response = await t.app.inject({ method, url, cookies, payload });
      const status = String(response.statusCode);
      const name = `${method} ${route} ${status}`;
      if (response.statusCode !== call.status) return [`${name}: expected ${call.status} (${response.body})`];
      const responses = (doc.paths[route] as Record<string, Operation>)[method.toLowerCase()].responses;
      const answer = responses[status] ?? responses[`${status[0]}XX`];
      if (!answer) return [`${name}: a status the document does not list`];
      const schema = answer.content?.['application/json']?.schema;
      if (!schema) return [`${name}: no JSON schema`];
      return problems(response.json(), schema, name);
    }

    it('for a patient with a course, a medical status, a score, a note and a session', async () => {
      const therapist = cookiesOf(world, world.therapist);
      const prescriber = cookiesOf(world, world.prescriber);
      const hourAgo = new Date(t.clock.now().getTime() - 3_600_000).toISOString();
      const patient = await createPatient(t.app, therapist, {
        email: 'pat@example.org',
        pronouns: 'she/her',
      });
      const of = (path: string) => `/api/patients/${patient.id}${path}`;
      await linkTeam(t.app, therapist, patient.id, world.teamId, {
        signedOn: dayFromToday(t.clock, -1),
        expiresOn: dayFromToday(t.clock, 200),
      });
      const calls = [
        {
          method: 'POST' as const,
          url: of('/medical-status'),
          as: prescriber,
          route: '/api/patients/{id}/medical-status',
          status: 201,
          payload: {
            asOf: hourAgo,
            eligibility: 'eligible',
            prescription: { status: 'active', route: 'sublingual', dosesAuthorized: 6 },
            nextFollowUpDue: dayFromToday(t.clock, 14),
            monitoring: 'on_track',
          },
        },
        {
          method: 'POST' as const,
          url: of('/courses'),
          as: therapist,
          route: '/api/patients/{id}/courses',
          status: 201,
          payload: {
            indication: 'depression',
            startedOn: dayFromToday(t.clock, -7),
            phase: 'dosing',
            dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 200 },
            vitalsLimits: { systolicMax: 160, heartRateMax: 110 },
          },
        },
        {
          method: 'POST' as const,
          url: of('/outcomes'),
          as: therapist,
          route: '/api/patients/{id}/outcomes',
          status: 201,
          payload: { instrument: 'PHQ9', administeredAt: hourAgo, items: [2, 1, 1, 1, 1, 1, 1, 1, 0] },
        },
        {
          method: 'POST' as const,
          url: of('/notes'),
          as: therapist,
          route: '/api/patients/{id}/notes',
          status: 201,
          payload: { kind: 'progress', body: 'Sleeping better.', shareWithMedicalTeam: true },
        },
        {
          method: 'POST' as const,
          url: of('/sessions'),
          as: therapist,
          route: '/api/patients/{id}/sessions',
          status: 201,
          payload: { kind: 'preparation', occurredAt: hourAgo, durationMinutes: 50, setting: 'in_person' },
        },
      ];
      const reads = [
        [of(''), therapist, '/api/patients/{id}'],
        [of(''), prescriber, '/api/patients/{id}'],
        ['/api/patients?limit=5', therapist, '/api/patients'],
        [of('/medical-status'), therapist, '/api/patients/{id}/medical-status'],
        [of('/outcomes/trend?instrument=PHQ9'), therapist, '/api/patients/{id}/outcomes/trend'],
        [of('/sessions'), therapist, '/api/patients/{id}/sessions'],
        [of('/notes'), therapist, '/api/patients/{id}/notes'],
        [of('/follow-up-packet'), therapist, '/api/patients/{id}/follow-up-packet'],
        ['/api/instruments', therapist, '/api/instruments'],
        ['/api/dashboard', prescriber, '/api/dashboard'],
        ['/api/auth/me', therapist, '/api/auth/me'],
      ] as const;
      const found: string[] = [];
      for (const call of calls) found.push(...(await answerFits(call)));
      for (const [url, as, route] of reads)
        found.push(...(await answerFits({ method: 'GET', url, as, route, status: 200 })));
      expect(found).toEqual([]);
    });

    it('for an error: a missing record and a refused body', async () => {
      const therapist = cookiesOf(world, world.therapist);
      const found = [
        ...(await answerFits({
          method: 'GET',
          url: '/api/patients/3f0e6a50-8f5b-4a57-9a3c-0d7f6b1c2e11',
          as: therapist,
          route: '/api/patients/{id}',
          status: 404,
        })),
        ...(await answerFits({
          method: 'POST',
          url: '/api/patients',
          as: therapist,
          route: '/api/patients',
          status: 400,
          payload: { givenName: '' },
        })),
      ];
      expect(found).toEqual([]);
    });
  });
});
