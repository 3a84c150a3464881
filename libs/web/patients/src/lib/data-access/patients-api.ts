import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  Alert,
  CareTeam,
  Course,
  CreateCourseRequest,
  CreateMedicalStatusRequest,
  CreatePatientRequest,
  Dashboard,
  MedicalStatus,
  MedicalStatusHistory,
  MedicalTeam,
  Outcome,
  OutcomeTrend,
  OrganizationMember,
  Page,
  Patient,
  PatientForMedicalTeam,
  PatientSummary,
  ReplaceCareTeamRequest,
  UpdateCourseRequest,
} from '@kap/shared/contracts';
import type { InstrumentCode } from '@kap/shared/domain';
import { Observable } from 'rxjs';

export const PATIENTS_URL = '/api/patients';

/** What `GET /api/patients/:id` answers: the full record, or the reduced one for the medical team. */
export type PatientRecord = Patient | PatientForMedicalTeam;

/** True when the record carries the practice's fields (contact details, version). */
export function isFullPatient(patient: PatientRecord): patient is Patient {
  return 'version' in patient;
}

function patientUrl(id: string): string {
  return `${PATIENTS_URL}/${encodeURIComponent(id)}`;
}

function idempotent(key: string): { headers: HttpHeaders } {
  return { headers: new HttpHeaders({ 'Idempotency-Key': key }) };
}

/**
 * The calls of docs/api.md "Patients", "Care team, release of information, medical status" and the
 * course rows of "Treatment courses and sessions". Creating calls take the `Idempotency-Key` so
 * that a retried submission creates one record, not two.
 */
@Injectable({ providedIn: 'root' })
export class PatientsApi {
  private readonly http = inject(HttpClient);

  /** The caller's caseload (the API decides which patients that is), searched by name. */
  list(query: { q?: string; cursor?: string | null; limit?: number } = {}): Observable<Page<PatientSummary>> {
    let params = new HttpParams().set('limit', query.limit ?? 50);
    const q = query.q?.trim();
    if (q) params = params.set('q', q);
    if (query.cursor) params = params.set('cursor', query.cursor);
    return this.http.get<Page<PatientSummary>>(PATIENTS_URL, { params });
  }

  get(id: string): Observable<PatientRecord> {
    return this.http.get<PatientRecord>(patientUrl(id));
  }

  create(body: CreatePatientRequest, idempotencyKey: string): Observable<Patient> {
    return this.http.post<Patient>(PATIENTS_URL, body, idempotent(idempotencyKey));
  }

  /** Teams a practice can link a patient to (one page is plenty: a practice works with a few). */
  medicalTeams(): Observable<Page<MedicalTeam>> {
    return this.http.get<Page<MedicalTeam>>('/api/medical-teams', {
      params: new HttpParams().set('limit', 200),
    });
  }

  /** The practice's therapists, for a practice admin choosing a new patient's primary therapist. */
  practiceMembers(): Observable<Page<OrganizationMember>> {
    return this.http.get<Page<OrganizationMember>>('/api/users', {
      params: new HttpParams().set('limit', 200),
    });
  }

  /** Replaces the link and its release of information; the API needs no If-Match here. */
  replaceCareTeam(patientId: string, body: ReplaceCareTeamRequest): Observable<CareTeam> {
    return this.http.put<CareTeam>(`${patientUrl(patientId)}/care-team`, body);
  }

  medicalStatus(patientId: string): Observable<MedicalStatusHistory> {
    return this.http.get<MedicalStatusHistory>(`${patientUrl(patientId)}/medical-status`);
  }

  recordMedicalStatus(
    patientId: string,
    body: CreateMedicalStatusRequest,
    idempotencyKey: string,
  ): Observable<MedicalStatus> {
    return this.http.post<MedicalStatus>(
      `${patientUrl(patientId)}/medical-status`,
      body,
      idempotent(idempotencyKey),
    );
  }

  courses(patientId: string): Observable<Page<Course>> {
    return this.http.get<Page<Course>>(`${patientUrl(patientId)}/courses`);
  }

  startCourse(patientId: string, body: CreateCourseRequest, idempotencyKey: string): Observable<Course> {
    return this.http.post<Course>(`${patientUrl(patientId)}/courses`, body, idempotent(idempotencyKey));
  }

  /** The newest scores of every instrument (voided ones included), to see which instruments are in use. */
  outcomes(patientId: string): Observable<Page<Outcome>> {
    return this.http.get<Page<Outcome>>(`${patientUrl(patientId)}/outcomes`, {
      params: new HttpParams().set('limit', 200),
    });
  }

  /** One instrument's scores with the API's baseline and change from it (the rule needs the course and time zone). */
  trend(patientId: string, instrument: InstrumentCode): Observable<OutcomeTrend> {
    return this.http.get<OutcomeTrend>(`${patientUrl(patientId)}/outcomes/trend`, {
      params: new HttpParams().set('instrument', instrument),
    });
  }

  /** The caller's side's open alerts for one patient (urgent first); the page's header leads with them. */
  openAlerts(patientId: string): Observable<Page<Alert>> {
    const params = new HttpParams().set('status', 'open').set('patientId', patientId).set('limit', 50);
    return this.http.get<Page<Alert>>('/api/alerts', { params });
  }

  /**
   * The caller's attention list. The page keeps this patient's reasons: the API computes them
   * (follow-up, integration, documentation, release) in one statement, so the page need not.
   */
  dashboard(): Observable<Dashboard> {
    return this.http.get<Dashboard>('/api/dashboard');
  }

  /** Optimistic concurrency: the server refuses (412) when `version` is no longer current. */
  updateCourse(courseId: string, version: number, body: UpdateCourseRequest): Observable<Course> {
    return this.http.patch<Course>(`/api/courses/${encodeURIComponent(courseId)}`, body, {
      headers: new HttpHeaders({ 'If-Match': `"${version}"` }),
    });
  }
}
