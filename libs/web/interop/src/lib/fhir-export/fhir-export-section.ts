import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute } from '@angular/router';
import { errorMessage } from '@kap/web/core';
import { ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { InteropApi } from '../data-access/interop-api';

/** The file name names the record by id only: a patient's name never goes into a download's name. */
export function fhirFileName(patientId: string): string {
  return `kap-care-patient-${patientId}.fhir.json`;
}

/**
 * "Export FHIR" on the patient page (therapist, practice admin): downloads the patient's record
 * as a FHIR R4 Bundle. The API records each export as a disclosure, so the page says so before
 * the click. Loaded lazily by the page.
 */
@Component({
  selector: 'kap-fhir-export-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, ErrorBanner],
  template: `
    <section aria-labelledby="fhir-export-heading">
      <h2 id="fhir-export-heading">Export the record</h2>
      <p class="hint">
        Downloads this patient's demographics, sessions, vitals, adverse events and scores as a FHIR R4 file
        another health system can import. Notes and psychotherapy notes are never included. Each export is
        recorded in the disclosures.
      </p>
      <kap-error-banner [message]="error()" />
      <button matButton="outlined" type="button" [disabled]="busy()" (click)="export()">
        {{ busy() ? 'Preparing the file…' : 'Export FHIR' }}
      </button>
      <p class="status" role="status">{{ done() }}</p>
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
      max-width: 60ch;
      color: var(--mat-sys-on-surface-variant);
    }
    .status {
      margin: 0.5rem 0 0;
    }
  `,
})
export class FhirExportSection {
  private readonly api = inject(InteropApi);
  private readonly document = inject(DOCUMENT);
  private patientId = '';

  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal('');

  constructor() {
    const subscription = inject(ActivatedRoute).paramMap.subscribe((params) => {
      this.patientId = params.get('id') ?? '';
      this.error.set(null);
      this.done.set('');
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected async export(): Promise<void> {
    const patientId = this.patientId;
    if (!patientId || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.done.set('');
    try {
      const bundle = await firstValueFrom(this.api.fhirBundle(patientId));
      const name = fhirFileName(patientId);
      this.download(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/fhir+json' }), name);
      this.done.set(
        `Downloaded ${name}. The export is listed under Disclosures when the page is next opened.`,
      );
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }

  private download(file: Blob, name: string): void {
    const url = URL.createObjectURL(file);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    this.document.body.appendChild(link);
    link.click();
    link.remove();
    // After the click has handed the file to the browser.
    setTimeout(() => URL.revokeObjectURL(url));
  }
}
