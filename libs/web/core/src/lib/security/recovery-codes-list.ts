import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

/** Recovery codes, shown once right after they were made: copy or print them now. */
@Component({
  selector: 'kap-recovery-codes-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <section class="codes" aria-labelledby="recovery-codes-heading">
      <h2 id="recovery-codes-heading" tabindex="-1">Your recovery codes</h2>
      <p>
        Each code signs you in once if you lose your phone. Keep them somewhere safe (a password manager or
        printed in a locked drawer). <strong>They are shown only now.</strong>
      </p>
      <ul class="list" aria-label="Recovery codes">
        @for (code of codes(); track code) {
          <li>
            <code>{{ code }}</code>
          </li>
        }
      </ul>
      <div class="actions">
        <button matButton="outlined" type="button" (click)="copy()">Copy codes</button>
        <button matButton="outlined" type="button" (click)="print()">Print codes</button>
      </div>
      <p class="status" role="status">{{ copied() ? 'Codes copied.' : '' }}</p>
    </section>
  `,
  styles: `
    .codes {
      margin-block: 1rem;
    }
    h2 {
      margin: 0 0 0.5rem;
      font: var(--mat-sys-title-large);
    }
    h2:focus {
      outline: none;
    }
    .list {
      display: grid;
      grid-template-columns: repeat(2, max-content);
      gap: 0.25rem 2rem;
      margin: 0 0 1rem;
      padding: 0.75rem 1rem;
      list-style: none;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
      font: var(--mat-sys-title-medium);
      font-family: ui-monospace, monospace;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .status:empty {
      display: none;
    }
  `,
})
export class RecoveryCodesList {
  readonly codes = input.required<string[]>();
  protected readonly copied = signal(false);

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.codes().join('\n'));
      this.copied.set(true);
    } catch {
      this.copied.set(false);
    }
  }

  protected print(): void {
    window.print();
  }
}
