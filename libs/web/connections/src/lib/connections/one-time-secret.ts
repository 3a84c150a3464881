import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

/**
 * A key or secret that the API shows once and never again: selectable text, a copy button and a
 * plain warning. Focus lands on it when it appears, so a screen reader announces it at once.
 */
@Component({
  selector: 'kap-one-time-secret',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <section class="secret" [attr.aria-labelledby]="headingId()" tabindex="-1" #box>
      <h3 [id]="headingId()">{{ heading() }}</h3>
      <p>
        Copy it now and store it in the receiving system. It is shown only this once; KAP Care keeps no
        readable copy.
      </p>
      <div class="value">
        <code data-testid="one-time-value">{{ value() }}</code>
        <button matButton="filled" type="button" (click)="copy()">Copy</button>
      </div>
      <p role="status" class="copied">{{ copied() }}</p>
      <button matButton type="button" (click)="done.emit()">I have stored it</button>
    </section>
  `,
  styles: `
    .secret {
      margin-block: 1rem;
      padding: 1rem;
      border-radius: 8px;
      border-inline-start: 4px solid var(--mat-sys-primary);
      background: var(--mat-sys-surface-container);
    }
    h3 {
      margin: 0 0 0.5rem;
      font: var(--mat-sys-title-small);
    }
    .value {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: center;
    }
    code {
      overflow-wrap: anywhere;
      user-select: all;
      font-size: 0.95rem;
    }
    .copied {
      min-height: 1.25rem;
      margin: 0.5rem 0;
    }
  `,
  host: { '(keydown.escape)': 'done.emit()' },
})
export class OneTimeSecret {
  readonly heading = input.required<string>();
  readonly value = input.required<string>();
  readonly headingId = input('one-time-secret');
  readonly done = output<void>();
  protected readonly copied = signal('');

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.value());
      this.copied.set('Copied to the clipboard.');
    } catch {
      this.copied.set('Copying is blocked here: select the text and copy it by hand.');
    }
  }
}
