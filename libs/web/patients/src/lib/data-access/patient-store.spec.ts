import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { OpenPatientCareTeam } from '@kap/web/core/care-team';
import { careTeam, course, fullPatient, medicalStatus } from '../../testing/patient-fixtures';
import { PatientStore } from './patient-store';

describe('PatientStore', () => {
  let store: PatientStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), PatientStore],
    });
    store = TestBed.inject(PatientStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  const tick = () => new Promise((resolve) => setTimeout(resolve));

  async function answerLoad(
    patient = fullPatient(),
    history = [medicalStatus()],
    courses = [course()],
  ): Promise<void> {
    await tick();
    http.expectOne('/api/patients/p-1').flush(patient);
    http.expectOne('/api/patients/p-1/medical-status').flush({ current: history[0] ?? null, history });
    http.expectOne('/api/patients/p-1/courses').flush({ items: courses, nextCursor: null });
    await tick();
  }

  it('loads the patient, the status history and the courses together', async () => {
    const loading = store.load('p-1');
    expect(store.loading()).toBe(true);
    await answerLoad();
    await loading;
    expect(store.loading()).toBe(false);
    expect(store.patient()?.givenName).toBe('Marcus');
    expect(store.fullPatient()?.email).toBe('marcus@example.test');
    expect(store.history()).toHaveLength(1);
    expect(store.currentCourse()?.phase).toBe('dosing');
  });

  it('tells the page’s other sections the care-team link it read, changed, and forgets it with the page', async () => {
    const open = TestBed.inject(OpenPatientCareTeam);
    expect(open.of('p-1')).toBeUndefined();
    const loading = store.load('p-1');
    await answerLoad(fullPatient({ careTeam: null }));
    await loading;
    expect(open.of('p-1')).toBeNull();

    const linking = store.replaceCareTeam({
      medicalTeamId: 'team-1',
      releaseOfInformation: { signedOn: '2026-11-01', expiresOn: '2027-11-01' },
    });
    http
      .expectOne({ method: 'PUT', url: '/api/patients/p-1/care-team' })
      .flush(careTeam({ medicalTeamName: 'Riverside Ketamine Clinic' }));
    await linking;
    expect(open.of('p-1')?.medicalTeamName).toBe('Riverside Ketamine Clinic');
    expect(open.of('p-2')).toBeUndefined();

    store.ngOnDestroy();
    expect(open.of('p-1')).toBeUndefined();
  });

  it('treats 404 as "not found or not shared", with no record left', async () => {
    const loading = store.load('p-1');
    await tick();
    http
      .expectOne('/api/patients/p-1')
      .flush(
        { error: 'not_found', message: 'Not found.', requestId: 'r' },
        { status: 404, statusText: 'Not Found' },
      );
    http
      .expectOne('/api/patients/p-1/medical-status')
      .flush(
        { error: 'not_found', message: 'Not found.', requestId: 'r' },
        { status: 404, statusText: 'Not Found' },
      );
    http
      .expectOne('/api/patients/p-1/courses')
      .flush(
        { error: 'not_found', message: 'Not found.', requestId: 'r' },
        { status: 404, statusText: 'Not Found' },
      );
    await loading;
    expect(store.notFound()).toBe(true);
    expect(store.patient()).toBeNull();
    expect(store.error()).toBeNull();
  });

  it('on 412 for a phase change reloads and answers "conflict"; nothing is retried', async () => {
    const loading = store.load('p-1');
    await answerLoad();
    await loading;

    const change = store.changePhase(course(), 'integration');
    const patch = http.expectOne({ method: 'PATCH', url: '/api/courses/course-1' });
    expect(patch.request.headers.get('If-Match')).toBe('"3"');
    patch.flush(
      {
        error: 'version_conflict',
        message: 'Changed.',
        requestId: 'r',
        details: course({ phase: 'maintenance', version: 4 }),
      },
      { status: 412, statusText: 'Precondition Failed' },
    );
    await answerLoad(fullPatient({ currentCourse: course({ phase: 'maintenance', version: 4 }) }));
    expect(await change).toBe('conflict');
    expect(store.currentCourse()).toMatchObject({ phase: 'maintenance', version: 4 });
    http.expectNone({ method: 'PATCH', url: '/api/courses/course-1' });
  });

  it('after recording a status, takes the current one from the server (an older asOf does not win)', async () => {
    const loading = store.load('p-1');
    await answerLoad();
    await loading;

    const older = medicalStatus({
      id: 'ms-old',
      asOf: '2026-10-01T10:00:00.000Z',
      source: 'therapist_mirror',
      eligibility: 'pending_intake',
    });
    const recording = store.recordStatus({ asOf: older.asOf, eligibility: 'pending_intake' }, 'key');
    http
      .expectOne({ method: 'POST', url: '/api/patients/p-1/medical-status' })
      .flush(older, { status: 201, statusText: 'Created' });
    await answerLoad(fullPatient(), [medicalStatus(), older]);
    await recording;
    expect(store.currentStatus()?.id).toBe('ms-1');
    expect(store.history().map((s) => s.id)).toEqual(['ms-1', 'ms-old']);
  });
});
