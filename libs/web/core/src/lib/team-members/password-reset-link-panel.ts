import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { PasswordResetLink } from '@kap/shared/contracts';
import { clinicCalendar } from '../organization/clinic-calendar';

/**
 * The reset link an admin just made for a member, shown once (only its hash is kept): the link to
 * copy, until when it works, and how to pass it on. Focus comes here when it appears.
 */
@Component({
  selector: 'kap-password-reset-link',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <section aria-labelledby="reset-link-heading">
      <h3 id="reset-link-heading" tabindex="-1">Password reset link for {{ memberName() }}</h3>
      <p>
        It works once, until {{ expires() }}. Give it to {{ memberName() }} in a way only they can read:
        whoever opens it can set the password. They stay signed out everywhere until they sign in with the new
        one.
      </p>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Reset link</mat-label>
        <input matInput readonly [value]="link().url" (focus)="selectLink()" data-testid="reset-link-url" />
      </mat-form-field>
      <div class="actions">
        <button matButton="filled" type="button" (click)="copy()">Copy link</button>
        <button matButton type="button" (click)="done.emit()">Done</button>
      </div>
      <p class="copied" role="status">{{ copied() }}</p>
    </section>
  `,
  styles: `
    :host {
      display: block;
      margin-block: 0 1.5rem;
      padding: 1rem;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      max-width: 40rem;
    }
    h3 {
      margin: 0 0 0.5rem;
      font: var(--mat-sys-title-medium);
    }
    h3:focus {
      outline: none;
    }
    p {
      font: var(--mat-sys-body-medium);
    }
    /* A long link scrolls inside its field; the page never scrolls sideways on a phone. */
    mat-form-field {
      width: 100%;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin-top: 0.5rem;
    }
    .copied:empty {
      display: none;
    }
  `,
})
export class PasswordResetLinkPanel {
  readonly memberName = input.required<string>();
  readonly link = input.required<PasswordResetLink>();
  readonly done = output<void>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly expires = computed(() => clinicCalendar.dateTime(this.link().expiresAt));
  protected readonly copied = signal('');

  constructor() {
    setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>('h3')?.focus());
  }

  protected selectLink(): void {
    this.host.nativeElement.querySelector<HTMLInputElement>('input')?.select();
  }

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.link().url);
      this.copied.set('Link copied.');
    } catch {
      // No clipboard access (an older browser, a denied permission): the link is selected instead.
      const field = this.host.nativeElement.querySelector<HTMLInputElement>('input');
      field?.focus();
      field?.select();
      this.copied.set('The link is selected: copy it with Ctrl+C (⌘C on a Mac).');
    }
  }
}
