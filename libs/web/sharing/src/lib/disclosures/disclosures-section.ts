import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute } from '@angular/router';
import { errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { SharingApi } from '../data-access/sharing-api';
import { disclosureRow, type DisclosureRow } from './disclosure-view';

/**
 * The accounting of disclosures on the patient page (therapist and practice admin): every
 * update, packet or export that left the practice, newest first. Loaded lazily by the page.
 */
@Component({
  selector: 'kap-disclosures-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, EmptyState, ErrorBanner],
  template: `
    <section aria-labelledby="disclosures-heading">
      <h2 id="disclosures-heading">Disclosures</h2>
      <p class="hint">
        What left the practice about this patient: when, by whom, to whom, what and why. Newest first.
      </p>
      <kap-error-banner [message]="error()" />
      @if (rows().length > 0) {
        <div class="table-wrap" role="region" aria-labelledby="disclosures-heading" tabindex="0">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">To whom</th>
                <th scope="col">What</th>
                <th scope="col">Why</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              @for (row of rows(); track row.id) {
                <tr>
                  <th scope="row">
                    <time [attr.datetime]="row.datetime">{{ row.when }}</time>
                  </th>
                  <td>{{ row.to }}</td>
                  <td>
                    <span class="source">{{ row.source }}</span>
                    {{ row.what }}
                  </td>
                  <td>{{ row.why }}</td>
                  <td>{{ row.by }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (nextCursor()) {
          <button matButton="outlined" type="button" [disabled]="loading()" (click)="more()">
            Show older disclosures
          </button>
        }
      } @else if (loading()) {
        <p>Loading the disclosures…</p>
      } @else if (!error()) {
        <kap-empty-state
          message="Nothing about this patient has left the practice yet. Each care-team update, follow-up packet or export sent to the medical team will be listed here."
        />
      }
    </section>
  `,
  styles: `
    :host {
      display: block;
      margin-block-end: 2rem;
    }
    h2 {
      margin: 0 0 0.25rem;
      font: var(--mat-sys-title-large);
    }
    .hint {
      margin: 0 0 0.75rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .table-wrap {
      overflow-x: auto;
      margin-block-end: 0.75rem;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      min-width: 40rem;
    }
    th,
    td {
      padding: 0.5rem 0.75rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      text-align: start;
      vertical-align: top;
    }
    thead th {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    tbody th {
      font-weight: 400;
      white-space: nowrap;
    }
    .source {
      display: block;
      font-weight: 600;
    }
  `,
})
export class DisclosuresSection {
  private readonly api = inject(SharingApi);
  private patientId = '';

  protected readonly rows = signal<DisclosureRow[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  constructor() {
    const subscription = inject(ActivatedRoute).paramMap.subscribe((params) => {
      const id = params.get('id');
      if (!id) return;
      this.patientId = id;
      this.rows.set([]);
      void this.load(id, null);
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected more(): void {
    void this.load(this.patientId, this.nextCursor());
  }

  private async load(patientId: string, cursor: string | null): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(this.api.disclosures(patientId, cursor));
      if (patientId !== this.patientId) return;
      const rows = page.items.map(disclosureRow);
      this.rows.update((current) => (cursor ? [...current, ...rows] : rows));
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }
}
