import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal, type OnDestroy } from '@angular/core';
import type {
  CareTeam,
  Course,
  CoursePhase,
  CreateCourseRequest,
  CreateMedicalStatusRequest,
  MedicalStatus,
  ReplaceCareTeamRequest,
} from '@kap/shared/contracts';
import { errorCode, errorMessage } from '@kap/web/core';
import { OpenPatientCareTeam } from '@kap/web/core/care-team';
import { firstValueFrom } from 'rxjs';
import { isFullPatient, PatientRecord, PatientsApi } from './patients-api';

export const COURSE_CONFLICT_MESSAGE =
  'Someone else changed this course in the meantime. It was reloaded: check the phase and change it again if needed.';

/**
 * One patient page's data: the record, its medical-status history and its courses, in signals.
 * Provided by the page, so each visit starts clean and nothing outlives the page.
 */
@Injectable()
export class PatientStore implements OnDestroy {
  private readonly api = inject(PatientsApi);
  /** Tells the page's care-team thread (another library's section) whether a team can be written to. */
  private readonly openCareTeam = inject(OpenPatientCareTeam);

  private readonly patientState = signal<PatientRecord | null>(null);
  private readonly historyState = signal<MedicalStatus[]>([]);
  private readonly coursesState = signal<Course[]>([]);
  private readonly loadingState = signal(false);
  private readonly notFoundState = signal(false);
  private readonly errorState = signal<string | null>(null);
  private patientId: string | null = null;

  readonly patient = this.patientState.asReadonly();
  readonly history = this.historyState.asReadonly();
  readonly courses = this.coursesState.asReadonly();
  readonly loading = this.loadingState.asReadonly();
  /** 404: missing, or not shared with the caller; the API answers both alike, and so does the page. */
  readonly notFound = this.notFoundState.asReadonly();
  readonly error = this.errorState.asReadonly();
  /** The full record (contact details, version) when the caller is the practice. */
  readonly fullPatient = computed(() => {
    const patient = this.patientState();
    return patient && isFullPatient(patient) ? patient : null;
  });
  readonly currentStatus = computed(() => this.patientState()?.medicalStatus ?? null);
  readonly currentCourse = computed(() => this.patientState()?.currentCourse ?? null);

  async load(id: string): Promise<void> {
    if (this.patientId) this.openCareTeam.forget(this.patientId);
    this.patientId = id;
    this.patientState.set(null);
    this.historyState.set([]);
    this.coursesState.set([]);
    this.notFoundState.set(false);
    this.errorState.set(null);
    this.loadingState.set(true);
    try {
      await this.refresh();
    } finally {
      this.loadingState.set(false);
    }
  }

  /** Reads everything again (after a change here, or a conflict with someone else's). */
  async refresh(): Promise<void> {
    const id = this.patientId;
    if (!id) return;
    try {
      const [patient, status, courses] = await Promise.all([
        firstValueFrom(this.api.get(id)),
        firstValueFrom(this.api.medicalStatus(id)),
        firstValueFrom(this.api.courses(id)),
      ]);
      if (id !== this.patientId) return; // the page moved on to another patient meanwhile
      this.patientState.set({ ...patient, medicalStatus: status.current ?? patient.medicalStatus });
      this.openCareTeam.show(id, patient.careTeam);
      this.historyState.set(status.history);
      this.coursesState.set(courses.items);
      this.errorState.set(null);
    } catch (error) {
      if (id !== this.patientId) return;
      if (error instanceof HttpErrorResponse && error.status === 404) {
        this.patientState.set(null);
        this.notFoundState.set(true);
      } else {
        this.errorState.set(errorMessage(error));
      }
    }
  }

  /** Links (or re-links) the medical team with the release of information. */
  async replaceCareTeam(body: ReplaceCareTeamRequest): Promise<CareTeam> {
    const id = this.requireId();
    const careTeam = await firstValueFrom(this.api.replaceCareTeam(id, body));
    this.patientState.update((patient) => (patient ? { ...patient, careTeam } : patient));
    this.openCareTeam.show(id, careTeam);
    return careTeam;
  }

  async recordStatus(body: CreateMedicalStatusRequest, idempotencyKey: string): Promise<MedicalStatus> {
    const id = this.requireId();
    const entry = await firstValueFrom(this.api.recordMedicalStatus(id, body, idempotencyKey));
    // An entry with an older asOf is kept but does not become current: ask the server, not guess.
    await this.refresh();
    return entry;
  }

  async startCourse(body: CreateCourseRequest, idempotencyKey: string): Promise<Course> {
    const id = this.requireId();
    const course = await firstValueFrom(this.api.startCourse(id, body, idempotencyKey));
    await this.refresh();
    return course;
  }

  /**
   * Moves a course to another phase with `If-Match`. On 412 (someone else changed the course)
   * the page's data is reloaded and the answer is `'conflict'`; other failures reject.
   */
  async changePhase(course: Course, phase: CoursePhase): Promise<'changed' | 'conflict'> {
    try {
      await firstValueFrom(this.api.updateCourse(course.id, course.version, { phase }));
    } catch (error) {
      if (
        errorCode(error) === 'version_conflict' ||
        (error instanceof HttpErrorResponse && error.status === 412)
      ) {
        await this.refresh();
        return 'conflict';
      }
      throw error;
    }
    await this.refresh();
    return 'changed';
  }

  ngOnDestroy(): void {
    if (this.patientId) this.openCareTeam.forget(this.patientId);
  }

  private requireId(): string {
    if (!this.patientId) throw new Error('PatientStore: load a patient first');
    return this.patientId;
  }
}
