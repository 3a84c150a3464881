import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CreatedWebhook, Webhook } from '@kap/shared/contracts';
import { errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { ConnectionsApi } from '../data-access/connections-api';
import { DeliveryLog } from './delivery-log';
import { localDateTime } from './delivery-view';
import { OneTimeSecret } from './one-time-secret';

/** The team's webhooks: register an HTTPS endpoint (secret shown once), read its log, disable it. */
@Component({
  selector: 'kap-webhooks-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    EmptyState,
    ErrorBanner,
    OneTimeSecret,
    DeliveryLog,
  ],
  templateUrl: './webhooks-section.html',
  styleUrl: './connections.scss',
})
export class WebhooksSection {
  private readonly api = inject(ConnectionsApi);

  protected readonly webhooks = signal<Webhook[]>([]);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly created = signal<CreatedWebhook | null>(null);
  protected readonly confirming = signal<string | null>(null);
  /** The webhook whose delivery log is open. */
  protected readonly open = signal<string | null>(null);
  protected url = '';
  protected description = '';
  protected readonly when = localDateTime;

  constructor() {
    void this.load();
  }

  protected async register(): Promise<void> {
    if (!this.url.trim()) {
      this.error.set("Enter the address of your system's endpoint, starting with https://.");
      return;
    }
    await this.run(async () => {
      const webhook = await firstValueFrom(
        this.api.createWebhook(this.url.trim(), this.description.trim() || undefined),
      );
      this.created.set(webhook);
      this.url = '';
      this.description = '';
      await this.load();
    });
  }

  protected async disable(webhook: Webhook): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.api.disableWebhook(webhook.id));
      this.confirming.set(null);
      await this.load();
    });
  }

  protected toggleLog(id: string): void {
    this.open.update((current) => (current === id ? null : id));
  }

  private async load(): Promise<void> {
    try {
      this.webhooks.set((await firstValueFrom(this.api.webhooks())).items);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
