import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { WebhookDelivery } from '@kap/shared/contracts';
import { errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { ConnectionsApi } from '../data-access/connections-api';
import { deliveryRow, localDateTime } from './delivery-view';

/** One webhook's deliveries, newest first, with every attempt's answer and a retry button. */
@Component({
  selector: 'kap-delivery-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, EmptyState, ErrorBanner],
  templateUrl: './delivery-log.html',
  styleUrl: './connections.scss',
})
export class DeliveryLog {
  private readonly api = inject(ConnectionsApi);

  readonly webhookId = input.required<string>();
  readonly disabled = input(false);

  private readonly deliveries = signal<WebhookDelivery[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');
  protected readonly rows = computed(() => this.deliveries().map((d) => deliveryRow(d, localDateTime)));

  constructor() {
    effect(() => {
      const id = this.webhookId();
      untracked(() => void this.load(id, null));
    });
  }

  protected more(): void {
    void this.load(this.webhookId(), this.nextCursor());
  }

  protected async retry(id: string): Promise<void> {
    this.busy.set(id);
    this.error.set(null);
    try {
      const updated = await firstValueFrom(this.api.retryDelivery(id));
      this.deliveries.update((list) => list.map((d) => (d.id === id ? updated : d)));
      this.notice.set('Queued: it is sent again within a few seconds.');
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(null);
    }
  }

  private async load(webhookId: string, cursor: string | null): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(this.api.deliveries(webhookId, cursor));
      this.deliveries.update((current) => (cursor ? [...current, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }
}
