import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  Addendum,
  Alert,
  Course,
  CreateAddendumRequest,
  CreateNoteRequest,
  CreatePsychotherapyNoteRequest,
  CreateSessionRequest,
  MedicalStatusHistory,
  Note,
  Page,
  PatientForMedicalTeam,
  PsychotherapyNote,
  Session,
  UpdateNoteRequest,
  UpdateSessionRequest,
} from '@kap/shared/contracts';
import { Observable } from 'rxjs';

const patientUrl = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}`;
const noteUrl = (noteId: string) => `/api/notes/${encodeURIComponent(noteId)}`;
const keyHeader = (key: string) => ({ headers: new HttpHeaders({ 'Idempotency-Key': key }) });

/** The calls of docs/api.md "Treatment courses and sessions" (session rows) and "Notes". */
@Injectable({ providedIn: 'root' })
export class SessionsApi {
  private readonly http = inject(HttpClient);

  /** Just enough of the patient to name them (every reader may see this much). */
  patient(patientId: string): Observable<PatientForMedicalTeam> {
    return this.http.get<PatientForMedicalTeam>(patientUrl(patientId));
  }

  courses(patientId: string): Observable<Page<Course>> {
    return this.http.get<Page<Course>>(`${patientUrl(patientId)}/courses`);
  }

  /** The medical team's status history (its entries, and `current`, their merge). */
  medicalStatus(patientId: string): Observable<MedicalStatusHistory> {
    return this.http.get<MedicalStatusHistory>(`${patientUrl(patientId)}/medical-status`);
  }

  /** The key makes a retried save store one session, not two. */
  createSession(patientId: string, body: CreateSessionRequest, idempotencyKey: string): Observable<Session> {
    return this.http.post<Session>(`${patientUrl(patientId)}/sessions`, body, keyHeader(idempotencyKey));
  }

  /** Newest first. */
  sessions(patientId: string, limit = 100): Observable<Page<Session>> {
    return this.http.get<Page<Session>>(`${patientUrl(patientId)}/sessions`, {
      params: new HttpParams().set('limit', limit),
    });
  }

  session(sessionId: string): Observable<Session> {
    return this.http.get<Session>(`/api/sessions/${encodeURIComponent(sessionId)}`);
  }

  /** `If-Match` carries the version the edit started from; a later change answers 412. */
  updateSession(sessionId: string, version: number, body: UpdateSessionRequest): Observable<Session> {
    return this.http.patch<Session>(`/api/sessions/${encodeURIComponent(sessionId)}`, body, {
      headers: new HttpHeaders({ 'If-Match': `"${version}"` }),
    });
  }

  notes(patientId: string, limit = 200): Observable<Page<Note>> {
    return this.http.get<Page<Note>>(`${patientUrl(patientId)}/notes`, {
      params: new HttpParams().set('limit', limit),
    });
  }

  note(noteId: string): Observable<Note> {
    return this.http.get<Note>(noteUrl(noteId));
  }

  createNote(patientId: string, body: CreateNoteRequest, idempotencyKey: string): Observable<Note> {
    return this.http.post<Note>(`${patientUrl(patientId)}/notes`, body, keyHeader(idempotencyKey));
  }

  /** Drafts only; `If-Match` carries the version the edit started from. */
  updateNote(noteId: string, version: number, body: UpdateNoteRequest): Observable<Note> {
    return this.http.patch<Note>(noteUrl(noteId), body, {
      headers: new HttpHeaders({ 'If-Match': `"${version}"` }),
    });
  }

  sign(noteId: string): Observable<Note> {
    return this.http.post<Note>(`${noteUrl(noteId)}/sign`, {});
  }

  addAddendum(noteId: string, body: CreateAddendumRequest, idempotencyKey: string): Observable<Addendum> {
    return this.http.post<Addendum>(`${noteUrl(noteId)}/addenda`, body, keyHeader(idempotencyKey));
  }

  /** The patient's alerts as the caller's side sees them (open and acknowledged, most urgent first). */
  alerts(patientId: string, limit = 200): Observable<Page<Alert>> {
    return this.http.get<Page<Alert>>('/api/alerts', {
      params: new HttpParams().set('patientId', patientId).set('limit', limit),
    });
  }

  /** The caller's own psychotherapy notes on this patient; nobody else's are ever answered. */
  psychotherapyNotes(patientId: string, limit = 200): Observable<Page<PsychotherapyNote>> {
    return this.http.get<Page<PsychotherapyNote>>(`${patientUrl(patientId)}/psychotherapy-notes`, {
      params: new HttpParams().set('limit', limit),
    });
  }

  createPsychotherapyNote(
    patientId: string,
    body: CreatePsychotherapyNoteRequest,
    idempotencyKey: string,
  ): Observable<PsychotherapyNote> {
    return this.http.post<PsychotherapyNote>(
      `${patientUrl(patientId)}/psychotherapy-notes`,
      body,
      keyHeader(idempotencyKey),
    );
  }
}
