import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { ApiKey, CreatedApiKey } from '@kap/shared/contracts';
import { errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { ConnectionsApi } from '../data-access/connections-api';
import { localDateTime } from './delivery-view';
import { OneTimeSecret } from './one-time-secret';

/** The team's API keys: create one (shown once), see when each was last used, revoke one. */
@Component({
  selector: 'kap-api-keys-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    EmptyState,
    ErrorBanner,
    OneTimeSecret,
  ],
  templateUrl: './api-keys-section.html',
  styleUrl: './connections.scss',
})
export class ApiKeysSection {
  private readonly api = inject(ConnectionsApi);

  protected readonly keys = signal<ApiKey[]>([]);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly created = signal<CreatedApiKey | null>(null);
  /** The key waiting for "Yes, revoke" (an inline confirmation, reachable by keyboard). */
  protected readonly confirming = signal<string | null>(null);
  protected name = '';
  protected readonly when = localDateTime;

  constructor() {
    void this.load();
  }

  protected async create(): Promise<void> {
    if (!this.name.trim()) {
      this.error.set('Give the key a name that says which system uses it, e.g. "Clinic EHR".');
      return;
    }
    await this.run(async () => {
      const key = await firstValueFrom(this.api.createApiKey(this.name.trim()));
      this.created.set(key);
      this.name = '';
      await this.load();
    });
  }

  protected async revoke(key: ApiKey): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.api.revokeApiKey(key.id));
      this.confirming.set(null);
      await this.load();
    });
  }

  private async load(): Promise<void> {
    try {
      this.keys.set((await firstValueFrom(this.api.apiKeys())).items);
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
