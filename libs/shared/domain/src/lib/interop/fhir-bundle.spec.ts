import {
  adverseEventGrading,
  encounterClass,
  KAP_CODE_SYSTEM,
  LOINC,
  scoreCode,
  toFhirBundle,
  type FhirExportInput,
  type FhirExportScore,
  type FhirResource,
} from './fhir-bundle';
import { CSSRS_VERSION_1, INSTRUMENTS, type InstrumentCode } from '../outcomes/instruments';

const PATIENT = '00000000-0000-4000-8000-000000000001';
const SESSION = '00000000-0000-4000-8000-000000000002';
const ARCHIVED_SESSION = '00000000-0000-4000-8000-000000000009';

function score(
  overrides: Partial<FhirExportScore> & { id: string; instrument: InstrumentCode },
): FhirExportScore {
  return {
    administeredAt: '2026-03-01T10:00:00.000Z',
    items: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    total: 8,
    severity: 'mild',
    difficulty: null,
    sessionId: null,
    ...overrides,
  };
}

function input(overrides: Partial<FhirExportInput> = {}): FhirExportInput {
  return {
    practiceName: 'Harbour Practice',
    patient: {
      id: PATIENT,
      givenName: 'Ada',
      familyName: 'Lovelace',
      preferredName: null,
      dateOfBirth: '1980-02-03',
      email: null,
      phone: null,
      externalRef: null,
    },
    sessions: [],
    scores: [],
    generatedAt: '2026-04-01T00:00:00.000Z',
    ...overrides,
  };
}

const resources = (bundle: { entry: { resource: FhirResource }[] }) => bundle.entry.map((e) => e.resource);
const codesOf = (r: FhirResource) =>
  ((r['code'] as { coding: { system: string; code: string }[] }).coding ?? []).map(
    (c) => `${c.system}|${c.code}`,
  );

describe('scoreCode: LOINC only where docs/requirements.md "Instruments" verifies one', () => {
  it.each([
    ['PHQ9', [`${LOINC}|44261-6`, `${KAP_CODE_SYSTEM.instrument}|PHQ9`]],
    ['GAD7', [`${LOINC}|70274-6`, `${KAP_CODE_SYSTEM.instrument}|GAD7`]],
    ['PCL5', [`${KAP_CODE_SYSTEM.instrument}|PCL5`]],
    ['CSSRS_SCREEN', [`${KAP_CODE_SYSTEM.instrument}|CSSRS_SCREEN`]],
    ['CGI_S', [`${KAP_CODE_SYSTEM.instrument}|CGI_S`]],
    ['CGI_I', [`${KAP_CODE_SYSTEM.instrument}|CGI_I`]],
  ] as const)('%s → %j', (instrument, expected) => {
    expect(scoreCode(instrument).coding.map((c) => `${c.system}|${c.code}`)).toEqual(expected);
  });

  it('never uses a panel code for a total (44249-1, 69737-5)', () => {
    const all = (['PHQ9', 'GAD7', 'PCL5', 'CSSRS_SCREEN', 'CGI_S', 'CGI_I'] as const).flatMap((i) =>
      scoreCode(i).coding.map((c) => c.code),
    );
    expect(all).not.toContain('44249-1');
    expect(all).not.toContain('69737-5');
  });
});

describe('encounterClass', () => {
  it.each([
    ['in_person', 'AMB'],
    ['remote', 'VR'],
    ['remote_group', 'VR'],
  ] as const)('%s → %s', (setting, code) => {
    expect(encounterClass(setting).code).toBe(code);
  });
});

describe('adverseEventGrading: seriousness and severity kept apart', () => {
  it.each([
    ['mild', 'Non-serious', 'mild'],
    ['moderate', 'Non-serious', 'moderate'],
    ['severe', 'Non-serious', 'severe'],
    ['serious', 'Serious', null],
  ] as const)('%s → %s / %s', (severity, seriousness, fhirSeverity) => {
    const grading = adverseEventGrading(severity);
    expect(grading.seriousness.code).toBe(seriousness);
    expect(grading.severity?.code ?? null).toBe(fhirSeverity);
  });
});

describe('toFhirBundle', () => {
  const dosing = {
    id: SESSION,
    kind: 'dosing' as const,
    occurredAt: '2026-03-01T09:00:00.000Z',
    durationMinutes: 120,
    setting: 'in_person' as const,
    vitals: [
      {
        at: '2026-03-01T09:00:00.000Z',
        phase: 'pre' as const,
        systolic: 120,
        diastolic: 80,
        heartRate: 70,
        spo2: 98,
      },
      {
        at: '2026-03-01T10:00:00.000Z',
        phase: 'post' as const,
        systolic: 130,
        diastolic: 85,
        heartRate: 75,
        spo2: null,
      },
    ],
    adverseEvents: [{ type: 'nausea', severity: 'mild' as const }],
  };

  it('a patient alone is a collection with one Patient', () => {
    const bundle = toFhirBundle(input());
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'collection',
      timestamp: '2026-04-01T00:00:00.000Z',
    });
    expect(resources(bundle)).toEqual([
      expect.objectContaining({
        resourceType: 'Patient',
        id: PATIENT,
        birthDate: '1980-02-03',
        name: [{ use: 'official', family: 'Lovelace', given: ['Ada'] }],
      }),
    ]);
    expect(resources(bundle)[0]).not.toHaveProperty('telecom');
  });

  it('a dosing session: Encounter, BP + HR per reading, SpO2 only when measured, AdverseEvent per event', () => {
    const bundle = toFhirBundle(input({ sessions: [dosing] }));
    expect(resources(bundle).map((r) => `${r.resourceType}/${r.id}`)).toEqual([
      `Patient/${PATIENT}`,
      `Encounter/${SESSION}`,
      `Observation/${SESSION}-bp-0`,
      `Observation/${SESSION}-hr-0`,
      `Observation/${SESSION}-spo2-0`,
      `Observation/${SESSION}-bp-1`,
      `Observation/${SESSION}-hr-1`,
      `AdverseEvent/${SESSION}-ae-0`,
    ]);
    const [, encounter, bp, hr, spo2] = resources(bundle);
    expect(encounter).toMatchObject({
      status: 'finished',
      period: { start: '2026-03-01T09:00:00.000Z', end: '2026-03-01T11:00:00.000Z' },
    });
    expect(codesOf(bp)).toEqual([`${LOINC}|85354-9`]);
    expect(
      (bp['component'] as { code: { coding: { code: string }[] }; valueQuantity: { value: number } }[]).map(
        (c) => [c.code.coding[0].code, c.valueQuantity.value],
      ),
    ).toEqual([
      ['8480-6', 120],
      ['8462-4', 80],
    ]);
    expect(codesOf(hr)).toEqual([`${LOINC}|8867-4`]);
    expect(hr['valueQuantity']).toEqual({
      value: 70,
      unit: 'beats/minute',
      system: 'http://unitsofmeasure.org',
      code: '/min',
    });
    expect(codesOf(spo2)).toEqual([`${LOINC}|2708-6`]);
    const fullUrls = bundle.entry.map((e) => e.fullUrl);
    expect(new Set(fullUrls).size).toBe(fullUrls.length);
  });

  it('a session after the export time is planned', () => {
    const later = { ...dosing, occurredAt: '2026-05-01T09:00:00.000Z', vitals: [], adverseEvents: [] };
    expect(resources(toFhirBundle(input({ sessions: [later] })))[1]['status']).toBe('planned');
  });

  it('a score: QuestionnaireResponse with every item, Observation derived from it, linked to its session', () => {
    const phq = score({
      id: 'a0000000-0000-4000-8000-000000000001',
      instrument: 'PHQ9',
      sessionId: SESSION,
      difficulty: 2,
    });
    const [, , qr, obs] = resources(
      toFhirBundle(input({ sessions: [{ ...dosing, vitals: [], adverseEvents: [] }], scores: [phq] })),
    );
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      encounter: { reference: `Encounter/${SESSION}` },
    });
    const items = qr['item'] as { linkId: string; answer: { valueInteger: number }[] }[];
    expect(items.map((i) => [i.linkId, i.answer[0].valueInteger])).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 1],
      ['4', 1],
      ['5', 1],
      ['6', 1],
      ['7', 1],
      ['8', 1],
      ['9', 0],
      ['difficulty', 2],
    ]);
    expect(obs).toMatchObject({
      resourceType: 'Observation',
      valueQuantity: { value: 8 },
      derivedFrom: [{ reference: `QuestionnaireResponse/${phq.id}` }],
      interpretation: [{ text: 'Mild' }],
    });
    expect(codesOf(obs)[0]).toBe(`${LOINC}|44261-6`);
  });

  it('a score whose session is not in the export links to no Encounter', () => {
    const gad = score({
      id: 'a0000000-0000-4000-8000-000000000002',
      instrument: 'GAD7',
      items: [0, 0, 0, 0, 0, 0, 1],
      total: 1,
      severity: 'minimal',
      sessionId: ARCHIVED_SESSION,
    });
    const [, qr, obs] = resources(toFhirBundle(input({ scores: [gad] })));
    expect(qr).not.toHaveProperty('encounter');
    expect(obs).not.toHaveProperty('encounter');
  });

  it('the C-SSRS screener (no total) carries its risk level as the value, and boolean answers', () => {
    const cssrs = score({
      id: 'a0000000-0000-4000-8000-000000000003',
      instrument: 'CSSRS_SCREEN',
      items: [true, false, false, false, false, false],
      total: null,
      severity: 'low',
    });
    const [, qr, obs] = resources(toFhirBundle(input({ scores: [cssrs] })));
    expect(obs).not.toHaveProperty('valueQuantity');
    expect(obs['valueCodeableConcept']).toEqual({
      coding: [{ system: KAP_CODE_SYSTEM.severity, code: 'CSSRS_SCREEN.low' }],
      text: 'Low risk',
    });
    expect((qr['item'] as { answer: object[] }[])[0].answer).toEqual([{ valueBoolean: true }]);
  });

  it('a version-1 C-SSRS screen keeps its own sixth question; a version-2 screen asks about the whole life, then 7', () => {
    const items = (version: string, answers: boolean[]) => {
      const cssrs = score({
        id: 'a0000000-0000-4000-8000-000000000004',
        instrument: 'CSSRS_SCREEN',
        items: answers,
        total: null,
        severity: 'high',
        instrumentVersion: version,
      });
      return resources(toFhirBundle(input({ scores: [cssrs] })))[1]['item'] as {
        linkId: string;
        text: string;
      }[];
    };
    const v1 = items(CSSRS_VERSION_1, [false, false, false, false, false, true]);
    expect(v1).toHaveLength(6);
    expect(v1[5].text).toMatch(/^Past 3 months:/);
    const v2 = items(INSTRUMENTS.CSSRS_SCREEN.version, [false, false, false, false, false, true, true]);
    expect(v2.map((i) => i.linkId)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(v2[5].text).toMatch(/^Ever in your life:/);
  });

  it('a PEG score (no bands) has its one-decimal total and no interpretation', () => {
    const peg = score({
      id: 'a0000000-0000-4000-8000-000000000005',
      instrument: 'PEG',
      items: [7, 6, 7],
      total: 6.7,
      severity: null,
    });
    const [, , obs] = resources(toFhirBundle(input({ scores: [peg] })));
    expect(obs['valueQuantity']).toMatchObject({ value: 6.7 });
    expect(obs).not.toHaveProperty('interpretation');
  });
});
