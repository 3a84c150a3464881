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
import { ActivatedRoute } from '@angular/router';
import type {
  CreatedQuestionnaireRequest,
  QuestionnaireRequest,
  QuestionnaireRequestStatus,
} from '@kap/shared/contracts';
import {
  INSTRUMENT_SHORT_NAMES,
  INSTRUMENTS,
  SELF_REPORT_INSTRUMENTS,
  type InstrumentCode,
} from '@kap/shared/domain';
import { errorMessage } from '@kap/web/core';
import { CreationIntent } from '@kap/web/core/creation-intent';
import { EmptyState, ErrorBanner } from '@kap/web/ui';
import { formatDateTime } from '../display/outcome-labels';
import { SelfReportApi } from './self-report-api';

/** At most this many questionnaires in one link (docs/api.md: 1–4). */
export const MAX_PER_LINK = 4;

/** How long a link stays open; the API's default is 72 hours, its longest 336 (14 days). */
export const EXPIRY_CHOICES: readonly { hours: number; label: string }[] = [
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
  { hours: 336, label: '14 days' },
];

const STATUS_LABELS: Readonly<Record<QuestionnaireRequestStatus, string>> = {
  open: 'Open',
  completed: 'Answered',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** One request as listed: what was sent, its state, and its dates in words. */
export interface RequestRow {
  id: string;
  instruments: string;
  status: QuestionnaireRequestStatus;
  statusText: string;
  sent: string;
  /** "Open until …", "Answered …", "Expired …", "Cancelled …". */
  when: string;
  origin: string;
}

export function requestRow(request: QuestionnaireRequest): RequestRow {
  const ended =
    request.status === 'completed'
      ? request.completedAt
      : request.status === 'cancelled'
        ? request.cancelledAt
        : request.expiresAt;
  const when =
    request.status === 'open'
      ? `open until ${formatDateTime(request.expiresAt)}`
      : `${STATUS_LABELS[request.status].toLowerCase()} ${formatDateTime(ended ?? request.expiresAt)}`;
  return {
    id: request.id,
    instruments: request.instruments.map((code) => INSTRUMENT_SHORT_NAMES[code] ?? code).join(', '),
    status: request.status,
    statusText: STATUS_LABELS[request.status] ?? request.status,
    sent: formatDateTime(request.createdAt),
    when: when.charAt(0).toUpperCase() + when.slice(1),
    origin: request.origin === 'plan' ? 'By the measurement plan' : 'By hand',
  };
}

/**
 * The patient page's "Questionnaires" section (therapist): pick up to four questionnaires the
 * patient answers on their own phone, create a link (shown once, to copy), and follow each link's
 * state, cancelling one still open. Loaded lazily by the patient page (`outcomeSections`).
 */
@Component({
  selector: 'kap-questionnaires-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, EmptyState, ErrorBanner],
  templateUrl: './questionnaires-section.html',
  styleUrl: './self-report-sections.scss',
})
export class QuestionnairesSection {
  private readonly api = inject(SelfReportApi);
  private readonly intent = new CreationIntent();
  private readonly injector = inject(Injector);

  protected readonly choices = SELF_REPORT_INSTRUMENTS.map((code) => ({
    code,
    name: INSTRUMENTS[code].name,
  }));
  protected readonly expiryChoices = EXPIRY_CHOICES;
  protected readonly maxPerLink = MAX_PER_LINK;
  protected readonly formatDateTime = formatDateTime;

  private readonly patientId = signal('');
  private readonly requests = signal<QuestionnaireRequest[]>([]);
  protected readonly rows = computed(() =>
    [...this.requests()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(requestRow),
  );
  protected readonly loading = signal(true);
  /** Loaded (or failed): the page shows what follows this section only then, so this section never pushes it down. */
  readonly settled = computed(() => !this.loading());
  protected readonly listError = signal<string | null>(null);

  protected readonly picked = signal<ReadonlySet<InstrumentCode>>(new Set());
  protected readonly expiresInHours = signal(72);
  protected readonly creating = signal(false);
  protected readonly createError = signal<string | null>(null);
  /** The link just created: shown this once, never again (only its hash is stored). */
  protected readonly created = signal<CreatedQuestionnaireRequest | null>(null);
  protected readonly copyStatus = signal('');
  /** The polite live region: "Link cancelled." */
  protected readonly status = signal('');
  protected readonly cancelling = signal<string | null>(null);
  protected readonly confirmingCancel = signal<string | null>(null);

  private readonly createBanner = viewChild<ErrorBanner>('createBanner');
  private readonly linkInput = viewChild<ElementRef<HTMLInputElement>>('linkInput');

  constructor() {
    const subscription = inject(ActivatedRoute).paramMap.subscribe((params) => {
      const id = params.get('id');
      if (!id) return;
      this.patientId.set(id);
      this.created.set(null);
      void this.load();
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected isPicked(code: InstrumentCode): boolean {
    return this.picked().has(code);
  }

  protected toggle(code: InstrumentCode, checked: boolean): void {
    const next = new Set(this.picked());
    if (checked) next.add(code);
    else next.delete(code);
    this.picked.set(next);
    if (this.createError()) this.createError.set(null);
  }

  protected setExpiry(value: string): void {
    const hours = Number(value);
    if (EXPIRY_CHOICES.some((choice) => choice.hours === hours)) this.expiresInHours.set(hours);
  }

  protected async create(): Promise<void> {
    if (this.creating()) return;
    // In the order the list shows them, whatever order they were ticked in.
    const instruments = SELF_REPORT_INSTRUMENTS.filter((code) => this.picked().has(code));
    const problem =
      instruments.length === 0
        ? 'Choose at least one questionnaire to send.'
        : instruments.length > MAX_PER_LINK
          ? `Choose at most ${MAX_PER_LINK} questionnaires for one link.`
          : null;
    if (problem) {
      this.createError.set(problem);
      this.createBanner()?.focus();
      return;
    }
    this.creating.set(true);
    this.createError.set(null);
    this.copyStatus.set('');
    const body = { instruments, expiresInHours: this.expiresInHours() };
    try {
      const created = await this.api.createRequest(this.patientId(), body, this.intent.keyFor(body));
      this.intent.settle();
      this.created.set(created);
      this.picked.set(new Set());
      this.requests.update((list) => [created, ...list.filter((request) => request.id !== created.id)]);
      afterNextRender(() => this.linkInput()?.nativeElement.focus(), { injector: this.injector });
    } catch (error) {
      this.intent.settle(error);
      this.createError.set(errorMessage(error));
      this.createBanner()?.focus();
    } finally {
      this.creating.set(false);
    }
  }

  /** The clipboard needs a secure context and permission; without it, the link is selected to copy by hand. */
  protected async copy(): Promise<void> {
    const url = this.created()?.url;
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      this.copyStatus.set('The link was copied. Paste it into your message to the patient.');
    } catch {
      const input = this.linkInput()?.nativeElement;
      input?.focus();
      input?.select();
      this.copyStatus.set(
        'The link could not be copied by the browser. It is selected: press Ctrl+C (or ⌘C on a Mac) to copy it.',
      );
    }
  }

  protected selectLink(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }

  protected dismissLink(): void {
    this.created.set(null);
    this.copyStatus.set('');
  }

  protected async cancel(id: string): Promise<void> {
    if (this.cancelling()) return;
    this.cancelling.set(id);
    this.listError.set(null);
    try {
      const cancelled = await this.api.cancelRequest(id);
      this.requests.update((list) => list.map((request) => (request.id === id ? cancelled : request)));
      if (this.created()?.id === id) this.dismissLink();
      this.confirmingCancel.set(null);
      this.status.set('The link was cancelled: it can no longer be answered.');
    } catch (error) {
      this.listError.set(errorMessage(error));
      // A link answered or expired meanwhile: the list shows how it ended.
      void this.load();
    } finally {
      this.cancelling.set(null);
    }
  }

  private async load(): Promise<void> {
    const patientId = this.patientId();
    this.loading.set(true);
    try {
      const requests = await this.api.requests(patientId);
      if (patientId === this.patientId()) this.requests.set(requests);
    } catch (error) {
      this.listError.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }
}
