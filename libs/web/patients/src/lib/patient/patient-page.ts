import {
  afterEveryRender,
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  DOCUMENT,
  effect,
  inject,
  Injector,
  signal,
  viewChild,
  ViewContainerRef,
  type ComponentRef,
  type Signal,
  type Type,
} from '@angular/core';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { MedicalStatusFieldsAsOf } from '@kap/shared/contracts';
import { AuthStore } from '@kap/web/core';
import { sessionSections } from '@kap/web/sessions';
import { interopSections } from '@kap/web/interop';
import { outcomeSections } from '@kap/web/outcomes/sections';
import { sharingSections } from '@kap/web/sharing';
import { DrawInTurn, EmptyState, ErrorBanner, PageHeading } from '@kap/web/ui';
import { PatientStore } from '../data-access/patient-store';
import {
  CONDITION_LABELS,
  displayName,
  ELIGIBILITY_LABELS,
  formatDate,
  formatDateTime,
  MONITORING_LABELS,
  prescriptionText,
  SOURCE_LABELS,
  TODAY,
} from '../display/patient-labels';
import { StatusBadges } from '../display/status-badges';
import { followUpBadge, patientBadges } from '../display/status-view';
import { CareTeamPanel } from './care-team-panel';
import { CourseSection } from './course-section';
import { MedicalStatusForm } from './medical-status-form';
import { LatestScores } from './latest-scores/latest-scores';
import { NeedsAction } from './needs-action/needs-action';
import { focusSection, followSectionLink } from './section-link';
import { StatusHistory } from './status-history';

type MedicalStatusField = keyof MedicalStatusFieldsAsOf;

/** The questionnaires section's heading (@kap/web/outcomes), where "Send a questionnaire" goes. */
export const QUESTIONNAIRES_SECTION_ID = 'questionnaires-heading';

/** The parts of the record details drawn in turn (the `@if (details.drawn() > n)` blocks of the template). */
const RECORD_PARTS = 7;

export const PATIENT_NOT_FOUND_MESSAGE = 'This patient was not found, or is not shared with you.';

/**
 * One patient, in the order a therapist works: what needs action, the scores, the sessions and
 * notes; then the record's details (who they are, the medical status, the course, the care team
 * and its release, disclosures, export, psychotherapy notes) and the forms each role may use.
 */
@Component({
  selector: 'kap-patient-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [PatientStore],
  imports: [
    RouterLink,
    PageHeading,
    EmptyState,
    ErrorBanner,
    StatusBadges,
    CareTeamPanel,
    CourseSection,
    MedicalStatusForm,
    StatusHistory,
    NeedsAction,
    LatestScores,
  ],
  templateUrl: './patient-page.html',
  styleUrl: './patient-page.scss',
})
export class PatientPage {
  protected readonly store = inject(PatientStore);
  private readonly auth = inject(AuthStore);
  private readonly today = inject(TODAY);

  protected readonly notFoundMessage = PATIENT_NOT_FOUND_MESSAGE;
  protected readonly role = computed(() => this.auth.user()?.role ?? null);
  protected readonly isMedicalTeam = computed(() => this.auth.user()?.organizationKind === 'medical_team');
  protected readonly isTherapist = computed(() => this.role() === 'therapist');
  /** The accounting of disclosures is the practice's (docs/api.md: therapist, practice_admin). */
  protected readonly seesDisclosures = computed(
    () => this.role() === 'therapist' || this.role() === 'practice_admin',
  );

  protected readonly patient = this.store.patient;
  protected readonly full = this.store.fullPatient;
  protected readonly heading = computed(() => {
    const patient = this.patient();
    if (patient) return displayName(patient);
    return this.store.notFound() ? 'Patient not found' : 'Patient';
  });
  protected readonly legalName = computed(() => {
    const patient = this.patient();
    if (!patient?.preferredName) return null;
    return `${patient.givenName} ${patient.familyName}`;
  });
  protected readonly conditions = computed(
    () => this.patient()?.conditions.map((condition) => CONDITION_LABELS[condition] ?? condition) ?? [],
  );
  /** The release notice has a panel of its own on this page, so the header leaves it out. */
  protected readonly badges = computed(() => {
    const patient = this.patient();
    return patient ? patientBadges(patient, this.today(), { release: false }) : [];
  });
  protected readonly status = this.store.currentStatus;
  /** ", from the medical team (Dr. Morales)." after the as-of date. */
  protected readonly statusSource = computed(() => {
    const status = this.status();
    return status ? `, ${SOURCE_LABELS[status.source]} (${status.enteredBy.displayName}).` : '';
  });
  protected readonly ageText = computed(() => {
    const patient = this.patient();
    return patient ? `${patient.age} years (born ${formatDate(patient.dateOfBirth)})` : '';
  });
  protected readonly eligibility = computed(() => {
    const eligibility = this.status()?.eligibility;
    return eligibility ? ELIGIBILITY_LABELS[eligibility] : null;
  });
  protected readonly prescription = computed(() => prescriptionText(this.status()?.prescription ?? null));
  protected readonly followUp = computed(() => followUpBadge(this.status()?.nextFollowUpDue, this.today()));
  protected readonly monitoring = computed(() => {
    const monitoring = this.status()?.monitoring;
    return monitoring ? MONITORING_LABELS[monitoring] : null;
  });

  /**
   * "as of 2 Nov 2026, 09:00" for each field whose value comes from an entry older than the newest
   * one (the current status is the merge of the history: a newer entry may leave a field unstated).
   */
  protected readonly fieldAsOf = computed(() => {
    const status = this.status();
    const older = (field: MedicalStatusField): string | null => {
      const when = status?.fieldsAsOf?.[field];
      return status && when && Date.parse(when) < Date.parse(status.asOf)
        ? `as of ${formatDateTime(when)}`
        : null;
    };
    return {
      eligibility: older('eligibility'),
      prescription: older('prescription'),
      nextFollowUpDue: older('nextFollowUpDue'),
      monitoring: older('monitoring'),
    };
  });

  /** The day's usual next steps, each only for a role that may take it (the routes guard the same). */
  protected readonly quickLinks = computed(() => {
    const patient = this.patient();
    if (!patient) return [];
    const base = `/patients/${patient.id}`;
    // A link with a fragment goes to a section of this page (as the record's section links do).
    const links: { text: string; path: string; fragment?: string }[] = [];
    if (!this.isMedicalTeam()) links.push({ text: 'Follow-up packet', path: `${base}/packet` });
    if (this.isTherapist() || this.isMedicalTeam())
      links.push({ text: 'Enter a score', path: `${base}/scores/new` });
    if (this.isTherapist()) links.push({ text: 'Log a session', path: `${base}/sessions/new` });
    if (this.isTherapist())
      links.push({ text: 'Send a questionnaire', path: base, fragment: QUESTIONNAIRES_SECTION_ID });
    return links;
  });

  /** "Record details" is long: its sections, one click away (each only where the role sees it). */
  protected readonly recordSections = computed(() => {
    const sections = [
      { id: 'summary', text: 'About the patient' },
      { id: 'current-status-heading', text: 'Medical status' },
      { id: 'history-heading', text: 'Status history' },
      { id: 'course-heading', text: 'Treatment course' },
      { id: 'care-team-heading', text: 'Care team and release' },
      { id: 'thread-heading', text: 'Care-team updates' },
    ];
    if (this.isTherapist() && this.store.currentCourse())
      sections.splice(4, 0, { id: 'measurement-plan-heading', text: 'Measurement plan' });
    if (this.seesDisclosures())
      sections.push(
        { id: 'disclosures-heading', text: 'Disclosures' },
        { id: 'fhir-export-heading', text: 'Export the record' },
      );
    if (this.isTherapist()) sections.push({ id: 'psychotherapy-heading', text: 'Psychotherapy notes' });
    return sections;
  });

  private readonly document = inject(DOCUMENT);

  protected jump(event: MouseEvent, id: string): void {
    if (this.details.drawn() < RECORD_PARTS) {
      // Asked for before its turn: everything is drawn now, and the link followed once it is there.
      this.details.drawAll();
      event.preventDefault();
      afterNextRender(
        { read: () => followSectionLink(event, this.document, id) },
        { injector: this.injector },
      );
      return;
    }
    followSectionLink(event, this.document, id);
  }

  protected readonly formatDate = formatDate;
  protected readonly formatDateTime = formatDateTime;

  /** The session timeline and psychotherapy notes, from @kap/web/sessions, loaded with the page. */
  protected readonly timeline = signal<Type<unknown> | null>(null);
  protected readonly psychotherapyNotes = signal<Type<unknown> | null>(null);
  private readonly timelineHost = viewChild('timelineHost', { read: ViewContainerRef });
  private readonly psychotherapyHost = viewChild('psychotherapyHost', { read: ViewContainerRef });
  /** The care-team thread and the disclosures, from @kap/web/sharing, loaded with the page. */
  protected readonly thread = signal<Type<unknown> | null>(null);
  protected readonly disclosures = signal<Type<unknown> | null>(null);
  private readonly threadHost = viewChild('threadHost', { read: ViewContainerRef });
  private readonly disclosuresHost = viewChild('disclosuresHost', { read: ViewContainerRef });
  /** "Export FHIR" (@kap/web/interop): the same people as the disclosures it adds to. */
  protected readonly fhirExport = signal<Type<unknown> | null>(null);
  private readonly fhirExportHost = viewChild('fhirExportHost', { read: ViewContainerRef });
  /** The questionnaire links and the course's measurement plan (@kap/web/outcomes): the therapist's. */
  protected readonly questionnaires = signal<Type<unknown> | null>(null);
  protected readonly measurementPlan = signal<Type<unknown> | null>(null);
  private readonly questionnairesHost = viewChild('questionnairesHost', { read: ViewContainerRef });
  private readonly measurementPlanHost = viewChild('measurementPlanHost', { read: ViewContainerRef });
  private plan: { host: ViewContainerRef; ref: ComponentRef<unknown> } | null = null;

  /**
   * The parts below the scores are revealed in reading order, each once the part above it has
   * loaded: a part that grows above what is already on screen would push it down (layout shift).
   */
  private readonly latestScores = viewChild(LatestScores);
  private readonly timelineRef = signal<ComponentRef<unknown> | null>(null);
  private readonly questionnairesRef = signal<ComponentRef<unknown> | null>(null);
  protected readonly scoresSettled = computed(() => this.latestScores()?.settled() ?? false);
  protected readonly timelineSettled = computed(
    () =>
      sectionSettled(this.timelineRef()) && (!this.isTherapist() || sectionSettled(this.questionnairesRef())),
  );

  /**
   * The record details after the summary and status, drawn a part per task from when the record
   * is there: mostly while the timeline's reads are on their way, hidden until it has settled.
   */
  protected readonly details = new DrawInTurn(
    RECORD_PARTS,
    computed(() => this.patient() !== null),
  );
  private readonly injector = inject(Injector);

  constructor() {
    void sessionSections.timeline().then((section) => this.timeline.set(section));
    void outcomeSections.questionnaires().then((section) => this.questionnaires.set(section));
    // The record details' chunks once the first screen (up to the scores) is drawn: fetched with
    // the page, they shared a slow connection with the reads that screen waits for.
    let detailsRequested = false;
    effect(() => {
      if (detailsRequested || !this.scoresSettled()) return;
      detailsRequested = true;
      void sessionSections.psychotherapyNotes().then((section) => this.psychotherapyNotes.set(section));
      void sharingSections.thread().then((section) => this.thread.set(section));
      void sharingSections.disclosures().then((section) => this.disclosures.set(section));
      void interopSections.fhirExport().then((section) => this.fhirExport.set(section));
      void outcomeSections.measurementPlan().then((section) => this.measurementPlan.set(section));
    });
    // Created by hand, not with NgComponentOutlet, which grows the initial bundle.
    effect(() => this.timelineRef.set(attach(this.timelineHost(), this.timeline())));
    effect(() => attach(this.psychotherapyHost(), this.isTherapist() ? this.psychotherapyNotes() : null));
    effect(() => attach(this.threadHost(), this.thread()));
    effect(() => attach(this.disclosuresHost(), this.seesDisclosures() ? this.disclosures() : null));
    effect(() => attach(this.fhirExportHost(), this.seesDisclosures() ? this.fhirExport() : null));
    effect(() =>
      this.questionnairesRef.set(
        attach(this.questionnairesHost(), this.isTherapist() ? this.questionnaires() : null),
      ),
    );
    // The plan is the current course's: the section is told which course, and follows it.
    effect(() => {
      const host = this.measurementPlanHost();
      const course = this.store.currentCourse();
      const section = this.isTherapist() && course ? this.measurementPlan() : null;
      if (!host) return;
      if (!section || !course) {
        host.clear();
        this.plan = null;
        return;
      }
      if (this.plan?.host !== host) this.plan = { host, ref: host.createComponent(section) };
      this.plan.ref.setInput('courseId', course.id);
    });
    const route = inject(ActivatedRoute);
    const subscription = route.paramMap.subscribe((params) => {
      const id = params.get('id');
      if (id) void this.store.load(id);
    });
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => subscription.unsubscribe());
    // A bookmarked section (`/patients/:id#care-team-heading`) is focused once it is there: the
    // sections come with the record and their lazy chunks, so each render until then looks for it.
    const wanted = route.snapshot.fragment;
    if (wanted) {
      const watch = afterEveryRender({
        read: () => {
          const target = this.document.getElementById(wanted);
          // Not while it waits, hidden, for the parts above it.
          if (!target || target.closest('[hidden]')) return;
          watch.destroy();
          focusSection(target);
        },
      });
      destroyRef.onDestroy(() => watch.destroy());
    }
  }
}

/**
 * Shows the section in its place once both are there (once: the section follows the route itself),
 * and answers the section's component, or null when there is none.
 */
function attach(
  host: ViewContainerRef | undefined,
  section: Type<unknown> | null,
): ComponentRef<unknown> | null {
  if (!host) return null;
  if (!section) {
    host.clear();
    attached.delete(host);
    return null;
  }
  let ref = attached.get(host);
  if (!ref || host.length === 0) {
    ref = host.createComponent(section);
    attached.set(host, ref);
  }
  return ref;
}

const attached = new WeakMap<ViewContainerRef, ComponentRef<unknown>>();

/** A lazily attached section that tells when it has loaded (a `settled` signal) is settled then; one that does not, at once. */
function sectionSettled(ref: ComponentRef<unknown> | null): boolean {
  if (!ref) return false;
  const settled = (ref.instance as { settled?: Signal<boolean> }).settled;
  return settled ? settled() : true;
}
