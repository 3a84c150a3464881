import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Patient } from '@kap/shared/contracts';
import { addDays, calendarDateOf } from '@kap/shared/domain';
import { createOrganization, signIn, type Person } from './fixtures';
import type { FakeClock } from './test-app';

/** Everyone the access rules tell apart, signed in. */
export interface CareWorld {
  practiceId: string;
  therapist: Person;
  otherTherapist: Person;
  admin: Person;
  foreignTherapist: Person;
  teamId: string;
  prescriber: Person;
  coordinator: Person;
  otherTeamId: string;
  otherPrescriber: Person;
  expiredTeamId: string;
  expiredPrescriber: Person;
  cookies: Map<string, Record<string, string>>;
}

export async function createCareWorld(app: NestFastifyApplication): Promise<CareWorld> {
  const practice = await createOrganization(app, 'practice', ['therapist', 'therapist', 'practice_admin']);
  const foreign = await createOrganization(app, 'practice', ['therapist']);
  const team = await createOrganization(app, 'medical_team', ['prescriber', 'care_coordinator']);
  const otherTeam = await createOrganization(app, 'medical_team', ['prescriber']);
  const expiredTeam = await createOrganization(app, 'medical_team', ['prescriber']);
  const world = {
    practiceId: practice.organizationId,
    therapist: practice.people[0],
    otherTherapist: practice.people[1],
    admin: practice.people[2],
    foreignTherapist: foreign.people[0],
    teamId: team.organizationId,
    prescriber: team.people[0],
    coordinator: team.people[1],
    otherTeamId: otherTeam.organizationId,
    otherPrescriber: otherTeam.people[0],
    expiredTeamId: expiredTeam.organizationId,
    expiredPrescriber: expiredTeam.people[0],
    cookies: new Map<string, Record<string, string>>(),
  };
  for (const person of [
    ...practice.people,
    ...foreign.people,
    ...team.people,
    ...otherTeam.people,
    ...expiredTeam.people,
  ]) {
    world.cookies.set(person.id, await signIn(app, person.email));
  }
  return world;
}

export function cookiesOf(world: CareWorld, person: Person): Record<string, string> {
  return world.cookies.get(person.id)!;
}

/** `YYYY-MM-DD`, `days` from the test clock's today. */
export function dayFromToday(clock: FakeClock, days: number): string {
  return addDays(calendarDateOf(clock.now()), days);
}

export function newPatientBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    givenName: 'Test',
    familyName: `Patient ${randomUUID().slice(0, 6)}`,
    dateOfBirth: '1985-06-15',
    conditions: ['depression'],
    ...overrides,
  };
}

export async function createPatient(
  app: NestFastifyApplication,
  cookies: Record<string, string>,
  overrides: Record<string, unknown> = {},
): Promise<Patient> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/patients',
    cookies,
    payload: newPatientBody(overrides),
  });
  if (response.statusCode !== 201)
    throw new Error(`create patient failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function linkTeam(
  app: NestFastifyApplication,
  cookies: Record<string, string>,
  patientId: string,
  medicalTeamId: string,
  release: { signedOn: string; expiresOn: string; scope?: string },
): Promise<void> {
  const response = await app.inject({
    method: 'PUT',
    url: `/api/patients/${patientId}/care-team`,
    cookies,
    payload: { medicalTeamId, releaseOfInformation: release },
  });
  if (response.statusCode !== 200)
    throw new Error(`link care team failed: ${response.statusCode} ${response.body}`);
}
