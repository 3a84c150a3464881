import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { MfaEnrolment } from '@kap/shared/contracts';

/**
 * The new secret, as a QR code to scan and as a key to type. The QR image comes from our own
 * server as SVG (no third-party service ever sees the secret) and is shown as a data: image.
 */
@Component({
  selector: 'kap-authenticator-setup',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <ol class="steps">
      <li>
        Open an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or
        1Password).
      </li>
      <li>
        Scan this QR code with it:
        <img
          class="qr"
          [src]="qrSource()"
          width="200"
          height="200"
          alt="QR code for adding KAP Care to your authenticator app"
        />
      </li>
      <li>
        Or, if you cannot scan, type this key into the app:
        <span class="key-row">
          <code class="key" data-testid="manual-key" [attr.aria-label]="'Key: ' + spelled()">{{
            grouped()
          }}</code>
          <button matButton type="button" (click)="copy()">Copy key</button>
        </span>
        <span class="copied" role="status">{{ copied() ? 'Key copied.' : '' }}</span>
      </li>
      <li>Enter the 6-digit code the app shows for KAP Care.</li>
    </ol>
  `,
  styles: `
    .steps {
      margin: 0 0 1rem;
      padding-inline-start: 1.25rem;
      display: grid;
      gap: 0.75rem;
      font: var(--mat-sys-body-medium);
    }
    .qr {
      display: block;
      margin-top: 0.5rem;
      background: #fff;
    }
    .key-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      margin-top: 0.25rem;
    }
    .key {
      font: var(--mat-sys-title-medium);
      font-family: ui-monospace, monospace;
      letter-spacing: 0.05em;
      word-break: break-all;
    }
    .copied:empty {
      display: none;
    }
  `,
})
export class AuthenticatorSetup {
  readonly enrolment = input.required<MfaEnrolment>();
  protected readonly copied = signal(false);

  protected readonly qrSource = computed(
    () => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(this.enrolment().qrSvg)}`,
  );
  /** Groups of four are easier to type and to check. */
  protected readonly grouped = computed(() => this.enrolment().secret.replace(/(.{4})(?=.)/g, '$1 '));
  /** Screen readers read the key one character at a time instead of as nonsense words. */
  protected readonly spelled = computed(() => this.enrolment().secret.split('').join(' '));

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.enrolment().secret);
      this.copied.set(true);
    } catch {
      this.copied.set(false);
    }
  }
}
