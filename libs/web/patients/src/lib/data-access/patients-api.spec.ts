import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { course, fullPatient, reducedPatient } from '../../testing/patient-fixtures';
import { isFullPatient, PatientsApi } from './patients-api';

describe('PatientsApi', () => {
  let api: PatientsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(PatientsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists with limit, a trimmed search and the cursor, leaving out what is empty', async () => {
    const first = firstValueFrom(api.list({ q: '  jose ', cursor: 'c-2' }));
    const req = http.expectOne((r) => r.url === '/api/patients');
    expect(req.request.params.get('limit')).toBe('50');
    expect(req.request.params.get('q')).toBe('jose');
    expect(req.request.params.get('cursor')).toBe('c-2');
    req.flush({ items: [reducedPatient()], nextCursor: null });
    expect((await first).items).toHaveLength(1);

    void firstValueFrom(api.list({ q: '   ' }));
    const bare = http.expectOne((r) => r.url === '/api/patients');
    expect(bare.request.params.keys()).toEqual(['limit']);
    bare.flush({ items: [], nextCursor: null });
  });

  it('sends the Idempotency-Key on creates and If-Match on a course change', () => {
    void firstValueFrom(
      api.create({ givenName: 'A', familyName: 'B', dateOfBirth: '1990-01-01', conditions: [] }, 'key-1'),
    );
    const post = http.expectOne({ method: 'POST', url: '/api/patients' });
    expect(post.request.headers.get('Idempotency-Key')).toBe('key-1');
    post.flush(fullPatient(), { status: 201, statusText: 'Created' });

    void firstValueFrom(api.startCourse('p-1', { indication: 'ptsd', startedOn: '2026-11-25' }, 'key-2'));
    const start = http.expectOne({ method: 'POST', url: '/api/patients/p-1/courses' });
    expect(start.request.headers.get('Idempotency-Key')).toBe('key-2');
    start.flush(course(), { status: 201, statusText: 'Created' });

    void firstValueFrom(
      api.recordMedicalStatus('p-1', { asOf: '2026-11-25T10:00:00.000Z', eligibility: 'eligible' }, 'key-3'),
    );
    const status = http.expectOne({ method: 'POST', url: '/api/patients/p-1/medical-status' });
    expect(status.request.headers.get('Idempotency-Key')).toBe('key-3');
    status.flush({});

    void firstValueFrom(api.updateCourse('course-1', 3, { phase: 'integration' }));
    const patch = http.expectOne({ method: 'PATCH', url: '/api/courses/course-1' });
    expect(patch.request.headers.get('If-Match')).toBe('"3"');
    expect(patch.request.body).toEqual({ phase: 'integration' });
    patch.flush(course({ phase: 'integration', version: 4 }));

    void firstValueFrom(
      api.replaceCareTeam('p-1', {
        medicalTeamId: 'team-1',
        releaseOfInformation: { signedOn: '2026-11-25', expiresOn: '2027-11-25' },
      }),
    );
    const put = http.expectOne({ method: 'PUT', url: '/api/patients/p-1/care-team' });
    expect(put.request.headers.has('If-Match')).toBe(false);
    put.flush({});
  });

  it('tells the full record from the medical team’s reduced one', () => {
    expect(isFullPatient(fullPatient())).toBe(true);
    expect(isFullPatient(reducedPatient())).toBe(false);
  });
});
