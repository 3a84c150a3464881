import { afterNextRender, ChangeDetectionStrategy, Component, computed, inject, Injector, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import type { Alert } from '@kap/shared/contracts';
import { errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner, PageHeading, SeverityChip } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { AlertsApi, type AlertStatus } from '../data-access/alerts-api';
import { alertInstrument, alertKindText, formatDateTime } from '../display/outcome-labels';
import { SafetyNotice } from '../display/safety-notice';
import { AcknowledgeAlertDialog } from './acknowledge-alert-dialog';

interface AlertList {
  items: Alert[];
  nextCursor: string | null;
  loading: boolean;
  error: string | null;
}

const EMPTY_LIST: AlertList = { items: [], nextCursor: null, loading: false, error: null };

/**
 * The alerts inbox: open alerts in the API's order (urgent first, then oldest first), each
 * acknowledged with what was done; acknowledged ones on request, with who did what.
 */
@Component({
  selector: 'kap-alerts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatSlideToggleModule, PageHeading, EmptyState, ErrorBanner, SafetyNotice, SeverityChip],
  templateUrl: './alerts-page.html',
  styleUrl: './alerts-page.scss',
})
export class AlertsPage {
  private readonly api = inject(AlertsApi);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);

  protected readonly kindText = alertKindText;
  protected readonly instrumentOf = alertInstrument;
  protected readonly formatDateTime = formatDateTime;

  protected readonly open = signal<AlertList>({ ...EMPTY_LIST, loading: true });
  protected readonly acknowledged = signal<AlertList>(EMPTY_LIST);
  protected readonly showAcknowledged = signal(false);
  protected readonly status = signal('');
  protected readonly hasUrgent = computed(() => this.open().items.some((a) => a.severity === 'urgent'));

  constructor() {
    void this.load('open', null);
  }

  protected acknowledgedText(alert: Alert): string {
    if (!alert.acknowledgedAt) return '';
    return `· acknowledged ${formatDateTime(alert.acknowledgedAt)} by ${alert.acknowledgedBy?.displayName ?? 'someone'}`;
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
    const ref = this.dialog.open<AcknowledgeAlertDialog, Alert, Alert>(AcknowledgeAlertDialog, {
      data: alert,
      width: '36rem',
      autoFocus: '#alert-action',
    });
    ref.afterClosed().subscribe((done) => {
      if (!done) return;
      this.status.set(`Acknowledged: ${alertKindText(done.kind)} for ${done.patientName}.`);
      this.open.update((list) => ({ ...list, items: list.items.filter((a) => a.id !== done.id) }));
      if (this.showAcknowledged()) void this.load('acknowledged', null);
      // The row and its button (where the dialog returns focus) are gone: keep focus in the page.
      afterNextRender(
        () => {
          const active = document.activeElement;
          if (!active || active === document.body || !active.isConnected) document.querySelector<HTMLElement>('main h1')?.focus();
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
