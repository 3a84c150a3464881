import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  Injector,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { Alert } from '@kap/shared/contracts';
import { AuthStore, errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner, PageHeading } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { AlertsApi, type AlertStatus } from '../data-access/alerts-api';
import { alertKindText } from '../display/outcome-labels';
import { SafetyNotice } from '../display/safety-notice';
import { AcknowledgeAlertDialog, type AcknowledgeResult } from './acknowledge-alert-dialog';
import { AlertDetails } from './alert-details';
import { alertView, sideOf, type AlertView } from './alert-view';

interface AlertList {
  items: Alert[];
  nextCursor: string | null;
  loading: boolean;
  error: string | null;
}

const EMPTY_LIST: AlertList = { items: [], nextCursor: null, loading: false, error: null };

/**
 * The alerts inbox: alerts still open for the caller's side, in the API's order (urgent first,
 * then oldest first), each with its sentence, its source, and where each side of the care team
 * stands; each side acknowledges for itself with what was done. Acknowledged ones on request.
 */
@Component({
  selector: 'kap-alerts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatSlideToggleModule,
    PageHeading,
    EmptyState,
    ErrorBanner,
    SafetyNotice,
    AlertDetails,
  ],
  templateUrl: './alerts-page.html',
  styleUrl: './alerts-page.scss',
})
export class AlertsPage {
  private readonly api = inject(AlertsApi);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly auth = inject(AuthStore);

  /** The side the caller acknowledges for; a practice admin sees alerts but does not acknowledge them (docs/api.md). */
  private readonly side = computed(() => sideOf(this.auth.user()?.organizationKind));
  protected readonly mayAcknowledge = computed(() => this.auth.user()?.role !== 'practice_admin');

  protected readonly open = signal<AlertList>({ ...EMPTY_LIST, loading: true });
  protected readonly acknowledged = signal<AlertList>(EMPTY_LIST);
  protected readonly showAcknowledged = signal(false);
  protected readonly status = signal('');
  protected readonly hasUrgent = computed(() => this.open().items.some((a) => a.severity === 'urgent'));
  protected readonly openRows = computed<AlertView[]>(() =>
    this.open().items.map((a) => alertView(a, this.side())),
  );
  protected readonly acknowledgedRows = computed<AlertView[]>(() =>
    this.acknowledged().items.map((a) => alertView(a, this.side())),
  );

  constructor() {
    void this.load('open', null);
  }

  protected toggleAcknowledged(show: boolean): void {
    this.showAcknowledged.set(show);
    if (show) void this.load('acknowledged', null);
  }

  protected loadMore(status: AlertStatus): void {
    const cursor = this.listOf(status)().nextCursor;
    if (cursor) void this.load(status, cursor);
  }

  protected acknowledge(alert: Alert): void {
    const ref = this.dialog.open<AcknowledgeAlertDialog, Alert, AcknowledgeResult>(AcknowledgeAlertDialog, {
      data: alert,
      width: '36rem',
      maxWidth: 'calc(100vw - 2rem)',
      autoFocus: '#alert-action',
    });
    ref.afterClosed().subscribe((result) => {
      if (!result) return;
      if (result === 'refresh') {
        // Someone on the caller's side acknowledged it meanwhile: show the lists as they are now.
        this.status.set(
          `This alert for ${alert.patientName} was already acknowledged by your side; the list is up to date.`,
        );
        void this.load('open', null);
      } else {
        const view = alertView(result, this.side());
        const waiting = view.sides.filter((line) => !line.done).map((line) => line.text);
        this.status.set(
          `Acknowledged: ${alertKindText(result.kind)} for ${result.patientName}.${waiting.length ? ` ${waiting.join('. ')}.` : ''}`,
        );
        this.open.update((list) => ({ ...list, items: list.items.filter((a) => a.id !== result.id) }));
      }
      if (this.showAcknowledged()) void this.load('acknowledged', null);
      // The row and its button (where the dialog returns focus) are gone: keep focus in the page.
      afterNextRender(
        () => {
          const active = document.activeElement;
          if (!active || active === document.body || !active.isConnected)
            document.querySelector<HTMLElement>('main h1')?.focus();
        },
        { injector: this.injector },
      );
    });
  }

  private listOf(status: AlertStatus) {
    return status === 'open' ? this.open : this.acknowledged;
  }

  private async load(status: AlertStatus, cursor: string | null): Promise<void> {
    const list = this.listOf(status);
    list.update((current) => ({ ...current, loading: true, error: null }));
    try {
      const page = await firstValueFrom(this.api.list(status, cursor));
      list.update((current) => ({
        items: cursor ? [...current.items, ...page.items] : page.items,
        nextCursor: page.nextCursor,
        loading: false,
        error: null,
      }));
    } catch (error) {
      list.update((current) => ({ ...current, loading: false, error: errorMessage(error) }));
    }
  }
}

/** For the route loader (`outcomePages`): a default export needs no `.then` in the initial bundle. */
export default AlertsPage;
