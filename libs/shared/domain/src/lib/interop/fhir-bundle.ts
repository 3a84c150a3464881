/**
 * One patient's record as a FHIR R4 `collection` Bundle (docs/api.md "Audit and export";
 * docs/decisions/0007-fhir-export.md). Pure: the API reads the rows, this decides what they mean
 * in FHIR. Codes are only the ones docs/requirements.md "Instruments" verifies (LOINC for the PHQ-9 and GAD-7) and
 * the base FHIR R4 vital-signs profiles fix; everything else uses KAP Care's own code systems.
 */
import { INSTRUMENTS, questionTexts, type InstrumentCode } from '../outcomes/instruments';
import type {
  AdverseEventSeverity,
  SessionKind,
  SessionSetting,
  VitalsPhase,
} from '../sessions/session-record';

/** Placeholder base (`.example` never resolves, RFC 2606) for KAP Care's ids and code systems. */
export const KAP_FHIR_BASE = 'https://kap-care.example/fhir';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const AE_SEVERITY = 'http://terminology.hl7.org/CodeSystem/adverse-event-severity';
export const AE_SERIOUSNESS = 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness';
/** Local code systems: an instrument without a verified LOINC code, session kinds, event types. */
export const KAP_CODE_SYSTEM = {
  instrument: `${KAP_FHIR_BASE}/CodeSystem/instrument`,
  severity: `${KAP_FHIR_BASE}/CodeSystem/instrument-severity`,
  sessionKind: `${KAP_FHIR_BASE}/CodeSystem/session-kind`,
  adverseEvent: `${KAP_FHIR_BASE}/CodeSystem/adverse-event-type`,
  vitalsPhase: `${KAP_FHIR_BASE}/CodeSystem/vitals-phase`,
} as const;
export const KAP_PATIENT_ID_SYSTEM = `${KAP_FHIR_BASE}/NamingSystem/patient`;
export const KAP_EXTERNAL_REF_SYSTEM = `${KAP_FHIR_BASE}/NamingSystem/practice-chart-number`;

/** The standard vital-sign LOINC codes of the base R4 profiles (bp, heartrate, oxygensat). */
export const VITAL_SIGN_LOINC = {
  bloodPressurePanel: '85354-9',
  systolic: '8480-6',
  diastolic: '8462-4',
  heartRate: '8867-4',
  oxygenSaturation: '2708-6',
} as const;

export interface FhirExportPatient {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  email: string | null;
  phone: string | null;
  externalRef: string | null;
}

export interface FhirExportVitals {
  at: string;
  phase: VitalsPhase;
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2?: number | null;
}

export interface FhirExportAdverseEvent {
  type: string;
  severity: AdverseEventSeverity;
}

export interface FhirExportSession {
  id: string;
  kind: SessionKind;
  /** ISO-8601 instant. */
  occurredAt: string;
  durationMinutes: number;
  setting: SessionSetting;
  /** Dosing sessions only. */
  vitals: FhirExportVitals[];
  adverseEvents: FhirExportAdverseEvent[];
}

/** A non-voided score. */
export interface FhirExportScore {
  id: string;
  instrument: InstrumentCode;
  administeredAt: string;
  items: readonly (number | boolean)[];
  total: number | null;
  /** Null where the instrument has no bands (PEG). */
  severity: string | null;
  /** Decides the question texts (a version-1 C-SSRS screen has its own sixth question). */
  instrumentVersion?: string;
  difficulty: number | null;
  sessionId: string | null;
}

export interface FhirExportInput {
  practiceName: string;
  patient: FhirExportPatient;
  sessions: readonly FhirExportSession[];
  scores: readonly FhirExportScore[];
  /** ISO-8601 instant of the export (Bundle.timestamp; a session after it is `planned`). */
  generatedAt: string;
}

/** A FHIR resource as plain JSON. The validator in the API tests checks the shape. */
export interface FhirResource {
  resourceType: string;
  id?: string;
  [element: string]: unknown;
}

export interface FhirBundle extends FhirResource {
  resourceType: 'Bundle';
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: FhirResource }[];
}

interface Coding {
  system: string;
  code: string;
  display?: string;
}

const DIFFICULTY_TEXT =
  'How difficult have these problems made it to do your work, take care of things at home, or get along with other people?';

/** The whole export. Order: Patient, then each session with its vitals and adverse events, then each score. */
export function toFhirBundle(input: FhirExportInput): FhirBundle {
  const patientRef = { reference: `Patient/${input.patient.id}` };
  const sessionIds = new Set(input.sessions.map((s) => s.id));
  const resources: FhirResource[] = [toFhirPatient(input.patient)];
  for (const session of input.sessions) {
    resources.push(toFhirEncounter(session, patientRef, input.practiceName, input.generatedAt));
    session.vitals.forEach((reading, index) =>
      resources.push(...toVitalsObservations(session.id, index, reading, patientRef)),
    );
    session.adverseEvents.forEach((event, index) =>
      resources.push(toFhirAdverseEvent(session, index, event, patientRef)),
    );
  }
  for (const score of input.scores) {
    // A score may name a session that was archived since: then it is linked to no Encounter.
    const encounter =
      score.sessionId !== null && sessionIds.has(score.sessionId)
        ? { reference: `Encounter/${score.sessionId}` }
        : undefined;
    resources.push(
      toQuestionnaireResponse(score, patientRef, encounter),
      toScoreObservation(score, patientRef, encounter),
    );
  }
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: input.generatedAt,
    entry: resources.map((resource) => ({
      fullUrl: `${KAP_FHIR_BASE}/${resource.resourceType}/${resource.id}`,
      resource,
    })),
  };
}

export function toFhirPatient(patient: FhirExportPatient): FhirResource {
  const name: Record<string, unknown>[] = [
    { use: 'official', family: patient.familyName, given: [patient.givenName] },
  ];
  if (patient.preferredName)
    name.push({ use: 'usual', given: [patient.preferredName], family: patient.familyName });
  const telecom: Record<string, unknown>[] = [];
  if (patient.email) telecom.push({ system: 'email', value: patient.email });
  if (patient.phone) telecom.push({ system: 'phone', value: patient.phone });
  const identifier: Record<string, unknown>[] = [{ system: KAP_PATIENT_ID_SYSTEM, value: patient.id }];
  if (patient.externalRef) identifier.push({ system: KAP_EXTERNAL_REF_SYSTEM, value: patient.externalRef });
  return {
    resourceType: 'Patient',
    id: patient.id,
    identifier,
    active: true,
    name,
    ...(telecom.length > 0 ? { telecom } : {}),
    birthDate: patient.dateOfBirth,
  };
}

/** In person → ambulatory; remote and remote group → virtual (HL7 v3 ActCode). */
export function encounterClass(setting: SessionSetting): Coding {
  return setting === 'in_person'
    ? { system: ACT_CODE, code: 'AMB', display: 'ambulatory' }
    : { system: ACT_CODE, code: 'VR', display: 'virtual' };
}

export function toFhirEncounter(
  session: FhirExportSession,
  subject: { reference: string },
  practiceName: string,
  generatedAt: string,
): FhirResource {
  const start = new Date(session.occurredAt);
  const end = new Date(start.getTime() + session.durationMinutes * 60_000);
  return {
    resourceType: 'Encounter',
    id: session.id,
    status: start.getTime() > Date.parse(generatedAt) ? 'planned' : 'finished',
    class: encounterClass(session.setting),
    type: [
      {
        coding: [{ system: KAP_CODE_SYSTEM.sessionKind, code: session.kind }],
        text: `${session.kind} session`,
      },
    ],
    subject,
    period: { start: start.toISOString(), end: end.toISOString() },
    length: { value: session.durationMinutes, unit: 'min', system: UCUM, code: 'min' },
    serviceProvider: { display: practiceName },
  };
}

/** One reading becomes a blood-pressure panel, a heart rate and (when measured) an SpO2. */
export function toVitalsObservations(
  sessionId: string,
  index: number,
  reading: FhirExportVitals,
  subject: { reference: string },
): FhirResource[] {
  const base = {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }] }],
    subject,
    encounter: { reference: `Encounter/${sessionId}` },
    effectiveDateTime: new Date(reading.at).toISOString(),
    method: {
      coding: [{ system: KAP_CODE_SYSTEM.vitalsPhase, code: reading.phase }],
      text: `${reading.phase}-dose reading`,
    },
  };
  const mmHg = (value: number) => ({ value, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' });
  const out: FhirResource[] = [
    {
      ...base,
      id: `${sessionId}-bp-${index}`,
      code: {
        coding: [{ system: LOINC, code: VITAL_SIGN_LOINC.bloodPressurePanel }],
        text: 'Blood pressure',
      },
      component: [
        {
          code: {
            coding: [{ system: LOINC, code: VITAL_SIGN_LOINC.systolic }],
            text: 'Systolic blood pressure',
          },
          valueQuantity: mmHg(reading.systolic),
        },
        {
          code: {
            coding: [{ system: LOINC, code: VITAL_SIGN_LOINC.diastolic }],
            text: 'Diastolic blood pressure',
          },
          valueQuantity: mmHg(reading.diastolic),
        },
      ],
    },
    {
      ...base,
      id: `${sessionId}-hr-${index}`,
      code: { coding: [{ system: LOINC, code: VITAL_SIGN_LOINC.heartRate }], text: 'Heart rate' },
      valueQuantity: { value: reading.heartRate, unit: 'beats/minute', system: UCUM, code: '/min' },
    },
  ];
  if (reading.spo2 !== undefined && reading.spo2 !== null) {
    out.push({
      ...base,
      id: `${sessionId}-spo2-${index}`,
      code: {
        coding: [{ system: LOINC, code: VITAL_SIGN_LOINC.oxygenSaturation }],
        text: 'Oxygen saturation',
      },
      valueQuantity: { value: reading.spo2, unit: '%', system: UCUM, code: '%' },
    });
  }
  return out;
}

/**
 * The app records "serious" as the top of one scale; FHIR keeps seriousness and severity apart.
 * So: `serious` → seriousness Serious and no severity; the rest → Non-serious with that severity.
 */
export function adverseEventGrading(severity: AdverseEventSeverity): {
  seriousness: Coding;
  severity: Coding | null;
} {
  if (severity === 'serious')
    return { seriousness: { system: AE_SERIOUSNESS, code: 'Serious', display: 'Serious' }, severity: null };
  return {
    seriousness: { system: AE_SERIOUSNESS, code: 'Non-serious', display: 'Non-serious' },
    severity: { system: AE_SEVERITY, code: severity },
  };
}

export function toFhirAdverseEvent(
  session: FhirExportSession,
  index: number,
  event: FhirExportAdverseEvent,
  subject: { reference: string },
): FhirResource {
  const grading = adverseEventGrading(event.severity);
  return {
    resourceType: 'AdverseEvent',
    id: `${session.id}-ae-${index}`,
    actuality: 'actual',
    event: {
      coding: [{ system: KAP_CODE_SYSTEM.adverseEvent, code: event.type }],
      text: event.type.replace(/_/g, ' '),
    },
    subject,
    encounter: { reference: `Encounter/${session.id}` },
    // The record keeps no time per event: the session's time is when it was observed.
    date: new Date(session.occurredAt).toISOString(),
    seriousness: { coding: [grading.seriousness] },
    ...(grading.severity ? { severity: { coding: [grading.severity] } } : {}),
  };
}

/** LOINC where docs/requirements.md "Instruments" verifies one (PHQ-9, GAD-7 totals), always also the local code. */
export function scoreCode(instrument: InstrumentCode): { coding: Coding[]; text: string } {
  const definition = INSTRUMENTS[instrument];
  const local: Coding = { system: KAP_CODE_SYSTEM.instrument, code: instrument };
  const text = definition.range === null ? `${definition.name} risk level` : `${definition.name} total score`;
  return {
    coding: definition.loinc ? [{ system: LOINC, code: definition.loinc.total }, local] : [local],
    text,
  };
}

function severityLabel(instrument: InstrumentCode, severity: string): string {
  return INSTRUMENTS[instrument].bands.find((band) => band.severity === severity)?.label ?? severity;
}

export function toScoreObservation(
  score: FhirExportScore,
  subject: { reference: string },
  encounter: { reference: string } | undefined,
): FhirResource {
  const severity =
    score.severity === null
      ? null
      : {
          coding: [{ system: KAP_CODE_SYSTEM.severity, code: `${score.instrument}.${score.severity}` }],
          text: severityLabel(score.instrument, score.severity),
        };
  return {
    resourceType: 'Observation',
    id: score.id,
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
    code: scoreCode(score.instrument),
    subject,
    ...(encounter ? { encounter } : {}),
    effectiveDateTime: new Date(score.administeredAt).toISOString(),
    // The C-SSRS screener has no total: its result is the risk level itself.
    // The PEG has no bands: its total goes without an interpretation.
    ...(score.total === null
      ? { valueCodeableConcept: severity }
      : {
          valueQuantity: { value: score.total, unit: '{score}', system: UCUM, code: '{score}' },
          ...(severity ? { interpretation: [severity] } : {}),
        }),
    derivedFrom: [{ reference: `QuestionnaireResponse/${score.id}` }],
  };
}

export function toQuestionnaireResponse(
  score: FhirExportScore,
  subject: { reference: string },
  encounter: { reference: string } | undefined,
): FhirResource {
  const texts = questionTexts(
    score.instrument,
    score.instrumentVersion ?? INSTRUMENTS[score.instrument].version,
  );
  const item = score.items.map((answer, index) => ({
    linkId: String(index + 1),
    text: texts[index] ?? `Item ${index + 1}`,
    answer: [typeof answer === 'boolean' ? { valueBoolean: answer } : { valueInteger: answer }],
  }));
  if (score.difficulty !== null)
    item.push({ linkId: 'difficulty', text: DIFFICULTY_TEXT, answer: [{ valueInteger: score.difficulty }] });
  return {
    resourceType: 'QuestionnaireResponse',
    id: score.id,
    questionnaire: `${KAP_FHIR_BASE}/Questionnaire/${score.instrument}`,
    status: 'completed',
    subject,
    ...(encounter ? { encounter } : {}),
    authored: new Date(score.administeredAt).toISOString(),
    item,
  };
}
