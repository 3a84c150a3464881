import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  Injector,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';
import {
  STATUS_UPDATE_KINDS,
  STATUS_UPDATE_URGENCIES,
  type CareTeam,
  type CareTeamSide,
  type StatusUpdate,
  type StatusUpdateKind,
  type StatusUpdateUrgency,
} from '@kap/shared/contracts';
import { AuthStore, errorCode, errorMessage, loadUnreadUpdates, newIdempotencyKey } from '@kap/web/core';
import { OpenPatientCareTeam } from '@kap/web/core/care-team';
import { EmptyState, ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { SharingApi } from '../data-access/sharing-api';
import { formatCalendarDate } from '../display/sharing-labels';
import {
  composeError,
  composeProblems,
  KIND_LABELS,
  scoreOptions,
  sessionOptions,
  shareableNoteOptions,
  threadEntry,
  URGENCY_LABELS,
  viewerSide,
  type PickOption,
} from './thread-view';

/** The API's limit on an update's text (`STATUS_UPDATE_MAX_LENGTH`). */
export const UPDATE_MAX_LENGTH = 20_000;

type Picker = 'sessions' | 'scores' | 'notes';

interface PickerState {
  options: PickOption[];
  error: string | null;
}

const NO_PICKS: Readonly<Record<Picker, ReadonlySet<string>>> = {
  sessions: new Set(),
  scores: new Set(),
  notes: new Set(),
};

const CARE_TEAM_PANEL = '"Care team and release of information"';

/**
 * Why the caller cannot write an update now, in the words shown beside "Write an update"; null
 * when they can, or when it is not known here (the API then answers 409 with its own words).
 * Only the practice's side is held back: the medical team sees the patient only while the release
 * is valid. `careTeam` is the patient page's reading of the link (undefined: none yet).
 */
export function writeBlockedReason(
  side: CareTeamSide | null,
  careTeam: CareTeam | null | undefined,
): string | null {
  if (side !== 'practice' || careTeam === undefined) return null;
  if (careTeam === null) {
    return `No medical team is linked to this patient, so there is no one to write to. Link the medical team, with the patient's signed release of information, under ${CARE_TEAM_PANEL}.`;
  }
  if (careTeam.sharing) return null;
  const { signedOn, expiresOn } = careTeam.releaseOfInformation;
  return careTeam.releaseStatus === 'not_yet_valid'
    ? `The release of information is valid from ${formatCalendarDate(signedOn)}: nothing can be shared with ${careTeam.medicalTeamName} before then.`
    : `The release of information expired on ${formatCalendarDate(expiresOn)}: nothing can be shared with ${careTeam.medicalTeamName} until a new one is recorded under ${CARE_TEAM_PANEL}.`;
}

/**
 * The patient page's care-team thread: updates between the practice and the medical team,
 * oldest first, each acknowledged by the other side; and the form to write one, with what to
 * attach. Loaded lazily by the patient page (`sharingSections.thread`).
 */
@Component({
  selector: 'kap-care-team-thread',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, RouterLink, EmptyState, ErrorBanner],
  templateUrl: './care-team-thread.html',
  styleUrl: './care-team-thread.scss',
})
export class CareTeamThread {
  private readonly api = inject(SharingApi);
  private readonly auth = inject(AuthStore);
  private readonly injector = inject(Injector);
  private readonly careTeams = inject(OpenPatientCareTeam);

  protected readonly kinds = STATUS_UPDATE_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }));
  protected readonly urgencies = STATUS_UPDATE_URGENCIES.map((value) => ({
    value,
    label: URGENCY_LABELS[value],
  }));
  protected readonly maxLength = UPDATE_MAX_LENGTH;

  private readonly patientId = signal('');
  private readonly updates = signal<StatusUpdate[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  /** The polite live region: "Update sent…", "Acknowledged…". */
  protected readonly status = signal('');

  /** The side the caller writes and acknowledges for; null for a practice admin, who only reads. */
  protected readonly side = computed(() => viewerSide(this.auth.user()));
  protected readonly recipient = computed(() =>
    this.side() === 'medical_team' ? 'the practice' : 'the medical team',
  );
  protected readonly entries = computed(() =>
    this.updates().map((update) => threadEntry(update, this.side())),
  );
  /** Said beside a disabled "Write an update" (and read with it): no team linked, or no valid release. */
  protected readonly writeBlocked = computed(() =>
    writeBlockedReason(this.side(), this.careTeams.of(this.patientId())),
  );
  protected readonly emptyMessage = computed(() => {
    if (this.side() === null) return 'No updates have been exchanged with the medical team yet.';
    return this.side() === 'medical_team'
      ? 'No updates yet. Write one to tell the practice about eligibility, the prescription or the next follow-up.'
      : 'No updates yet. Write one to tell the medical team how the patient is doing, or to ask them a question.';
  });

  protected readonly acknowledging = signal<string | null>(null);
  protected readonly ackError = signal<string | null>(null);

  protected readonly composing = signal(false);
  protected readonly kind = signal<StatusUpdateKind>('general');
  protected readonly urgency = signal<StatusUpdateUrgency>('routine');
  protected readonly body = signal('');
  protected readonly picked = signal<Record<Picker, ReadonlySet<string>>>(NO_PICKS);
  protected readonly optionsLoading = signal(false);
  protected readonly options = signal<Record<Picker, PickerState> | null>(null);
  protected readonly sending = signal(false);
  protected readonly sendError = signal<string | null>(null);
  protected readonly bodyInvalid = signal(false);
  private sendKey = newIdempotencyKey();

  // matButton makes the element a component: read the element itself.
  private readonly writeButton = viewChild('writeButton', { read: ElementRef<HTMLButtonElement> });
  private readonly kindSelect = viewChild<ElementRef<HTMLSelectElement>>('kindSelect');
  private readonly sendBanner = viewChild<ErrorBanner>('sendBanner');

  constructor() {
    const subscription = inject(ActivatedRoute).paramMap.subscribe((params) => {
      const id = params.get('id');
      if (!id) return;
      this.patientId.set(id);
      this.options.set(null);
      this.cancel();
      void this.load(id, null);
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected isPicked(picker: Picker, id: string): boolean {
    return this.picked()[picker].has(id);
  }

  protected togglePick(picker: Picker, id: string, checked: boolean): void {
    this.picked.update((current) => {
      const next = new Set(current[picker]);
      if (checked) next.add(id);
      else next.delete(id);
      return { ...current, [picker]: next };
    });
  }

  protected setKind(value: string): void {
    if ((STATUS_UPDATE_KINDS as readonly string[]).includes(value)) this.kind.set(value as StatusUpdateKind);
  }

  protected setUrgency(value: string): void {
    if ((STATUS_UPDATE_URGENCIES as readonly string[]).includes(value))
      this.urgency.set(value as StatusUpdateUrgency);
  }

  protected setBody(value: string): void {
    this.body.set(value);
    if (this.bodyInvalid() && composeProblems(value, UPDATE_MAX_LENGTH).length === 0)
      this.bodyInvalid.set(false);
  }

  protected startCompose(): void {
    // The button stays focusable while disabled (so its reason is read with it): a press does nothing.
    if (this.writeBlocked()) return;
    this.composing.set(true);
    this.status.set('');
    this.sendError.set(null);
    if (!this.options()) void this.loadOptions(this.patientId());
    afterNextRender(() => this.kindSelect()?.nativeElement.focus(), { injector: this.injector });
  }

  protected cancel(): void {
    const wasComposing = this.composing();
    this.composing.set(false);
    this.kind.set('general');
    this.urgency.set('routine');
    this.body.set('');
    this.picked.set(NO_PICKS);
    this.sendError.set(null);
    this.bodyInvalid.set(false);
    if (wasComposing)
      afterNextRender(() => this.writeButton()?.nativeElement.focus(), { injector: this.injector });
  }

  protected async send(): Promise<void> {
    const problems = composeProblems(this.body(), UPDATE_MAX_LENGTH);
    if (problems.length > 0) {
      this.bodyInvalid.set(true);
      this.sendError.set(problems.join(' '));
      this.sendBanner()?.focus();
      return;
    }
    const picked = this.picked();
    const include = {
      ...(picked.sessions.size ? { sessionIds: [...picked.sessions] } : {}),
      ...(picked.scores.size ? { outcomeIds: [...picked.scores] } : {}),
      ...(picked.notes.size ? { noteIds: [...picked.notes] } : {}),
    };
    this.sending.set(true);
    this.sendError.set(null);
    try {
      const created = await firstValueFrom(
        this.api.postStatusUpdate(
          this.patientId(),
          {
            kind: this.kind(),
            urgency: this.urgency(),
            body: this.body(),
            ...(Object.keys(include).length ? { include } : {}),
          },
          this.sendKey,
        ),
      );
      this.sendKey = newIdempotencyKey();
      // Oldest first: a new update goes last, unless later pages are still to be loaded.
      if (!this.nextCursor())
        this.updates.update((list) => [...list.filter((u) => u.id !== created.id), created]);
      this.cancel();
      this.status.set(`Update sent to ${this.recipient()}.`);
    } catch (error) {
      const { message, problems: fieldProblems } = composeError(error);
      this.sendError.set([message, ...fieldProblems].join(' '));
      this.sendBanner()?.focus();
    } finally {
      this.sending.set(false);
    }
  }

  protected async acknowledge(id: string): Promise<void> {
    this.acknowledging.set(id);
    this.ackError.set(null);
    this.status.set('');
    try {
      const updated = await firstValueFrom(this.api.acknowledge(id));
      this.updates.update((list) => list.map((u) => (u.id === id ? updated : u)));
      const entry = threadEntry(updated, this.side());
      this.status.set(`Acknowledged: ${entry.kind.toLowerCase()} from ${entry.author}, ${entry.time}.`);
    } catch (error) {
      if (errorCode(error) === 'conflict') {
        // Someone else on this side acknowledged it meanwhile: show the thread as it now stands.
        this.ackError.set(
          'Someone on your side has already acknowledged this update. The thread has been refreshed.',
        );
        void this.load(this.patientId(), null);
      } else {
        this.ackError.set(errorMessage(error));
      }
    } finally {
      this.acknowledging.set(null);
      // The navigation's badge counts what is left to acknowledge. It is a convenience: if the page
      // was left before the store loaded, there is nothing to refresh here (the shell does on navigation).
      void loadUnreadUpdates()
        .then((store) => this.injector.get(store).refresh())
        .catch(() => undefined);
    }
  }

  protected loadLater(): void {
    void this.load(this.patientId(), this.nextCursor());
  }

  private async load(patientId: string, cursor: string | null): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(this.api.statusUpdates(patientId, cursor));
      if (patientId !== this.patientId()) return;
      this.updates.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** The pickers' choices, asked for only when someone starts writing (each list is an audited read). */
  private async loadOptions(patientId: string): Promise<void> {
    this.optionsLoading.set(true);
    const [sessions, scores, notes] = await Promise.allSettled([
      firstValueFrom(this.api.sessions(patientId)),
      firstValueFrom(this.api.outcomes(patientId)),
      firstValueFrom(this.api.notes(patientId)),
    ]);
    if (patientId !== this.patientId()) return;
    const state = <T>(
      result: PromiseSettledResult<{ items: T[] }>,
      view: (items: T[]) => PickOption[],
    ): PickerState =>
      result.status === 'fulfilled'
        ? { options: view(result.value.items), error: null }
        : { options: [], error: errorMessage(result.reason) };
    this.options.set({
      sessions: state(sessions, sessionOptions),
      scores: state(scores, scoreOptions),
      notes: state(notes, shareableNoteOptions),
    });
    this.optionsLoading.set(false);
  }
}
