import { ChangeDetectionStrategy, Component, computed, inject, Injector, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { AlertSeverity } from '@kap/shared/contracts';
import { AuthStore, errorMessage, loadUnreadUpdates, type UnreadUpdates } from '@kap/web/core';
import { EmptyState, ErrorBanner, PageHeading, SeverityChip } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { SharingApi } from '../data-access/sharing-api';
import { ALERT_ESCALATED, orderDashboard, reasonText } from '../display/sharing-labels';

/** A reason as the template shows it: the words are built here, not in the template. */
export interface ReasonRow {
  key: string;
  severity: AlertSeverity;
  text: string;
  /** An urgent alert left unacknowledged for hours: drawn louder, and it links to the alerts. */
  escalated: boolean;
}

export interface DashboardRow {
  patientId: string;
  patientName: string;
  patientLink: string;
  packetLink: string;
  rowClass: string;
  reasons: ReasonRow[];
}

/**
 * The home page: the patients who need the caller's attention, most urgent first, each with its
 * reasons in plain words; and the count of care-team updates not yet read.
 */
@Component({
  selector: 'kap-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, PageHeading, EmptyState, ErrorBanner, SeverityChip],
  templateUrl: './dashboard-page.html',
  styleUrl: './dashboard-page.scss',
})
export class DashboardPage {
  private readonly api = inject(SharingApi);
  private readonly auth = inject(AuthStore);
  private readonly unread = signal<UnreadUpdates | null>(null);

  protected readonly rows = signal<DashboardRow[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  /**
   * "3 unread updates from the care team", or '' when there are none (or the count failed). The
   * shell refreshes the count on every navigation, this one included.
   */
  protected readonly unreadText = computed(() => unreadText(this.unread()?.total() ?? 0));
  protected readonly isPractice = this.auth.user()?.organizationKind !== 'medical_team';

  constructor() {
    void this.load();
    const injector = inject(Injector);
    // Without the count (page left early, chunk not loaded) the page still lists the updates.
    void loadUnreadUpdates()
      .then((store) => this.unread.set(injector.get(store)))
      .catch(() => undefined);
  }

  private async load(): Promise<void> {
    try {
      const dashboard = await firstValueFrom(this.api.dashboard());
      this.rows.set(
        orderDashboard(dashboard.items).map((item) => ({
          patientId: item.patientId,
          patientName: item.patientName,
          patientLink: `/patients/${item.patientId}`,
          packetLink: `/patients/${item.patientId}/packet`,
          rowClass: `row severity-${item.reasons[0].severity}`,
          reasons: item.reasons.map((reason) => ({
            key: `${reason.code}-${reason.since}`,
            severity: reason.severity,
            text: reasonText(reason),
            escalated: reason.code === ALERT_ESCALATED,
          })),
        })),
      );
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }
}

export function unreadText(total: number): string {
  if (total <= 0) return '';
  return total === 1 ? '1 unread update from the care team' : `${total} unread updates from the care team`;
}
