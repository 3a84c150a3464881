import { NgTemplateOutlet } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  signal,
  viewChild,
  viewChildren,
} from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import {
  type CreateMemberRequest,
  type OrganizationMember,
  type PasswordResetLink,
  ROLES_BY_ORGANIZATION_KIND,
  type Role,
} from '@kap/shared/contracts';
import { EmptyState, ErrorBanner, PageHeading, WIDE_WINDOW } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { AuthStore } from '../auth/auth-store';
import { ROLE_LABELS } from '../auth/role-labels';
import { errorCode, errorMessage, fieldProblems } from '../errors/error-message';
import { newIdempotencyKey } from '../http/idempotency-key';
import { OrganizationSettingsForm } from '../organization/organization-settings-form';
import { PasswordApi } from '../security/password-api';
import { PasswordResetLinkPanel } from './password-reset-link-panel';
import { TeamMembersApi } from './team-members-api';

export const VERSION_CONFLICT_MESSAGE = 'Someone else changed this member; the list was reloaded.';
export const MIN_PASSWORD_LENGTH = 12;

type MemberField = keyof CreateMemberRequest;
const MEMBER_FIELDS: readonly MemberField[] = ['email', 'displayName', 'role', 'password'];

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A practice admin's list of the people who can sign in, with add, (de)activate and a password
 * reset link; the practice's settings below.
 */
@Component({
  selector: 'kap-team-members-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatTableModule,
    NgTemplateOutlet,
    PageHeading,
    EmptyState,
    ErrorBanner,
    OrganizationSettingsForm,
    PasswordResetLinkPanel,
  ],
  templateUrl: './team-members-page.html',
  styleUrl: './team-members-page.scss',
})
export class TeamMembersPage {
  private readonly api = inject(TeamMembersApi);
  private readonly passwords = inject(PasswordApi);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly formDirective = viewChild.required(FormGroupDirective);
  private readonly banners = viewChildren(ErrorBanner);

  protected readonly columns = ['name', 'email', 'role', 'status', 'actions'];
  /** A table on a wide window; on a phone, a card a member. */
  protected readonly wide = inject(WIDE_WINDOW);
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly minPasswordLength = MIN_PASSWORD_LENGTH;

  protected readonly members = signal<OrganizationMember[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly listLoading = signal(false);
  protected readonly listError = signal<string | null>(null);
  protected readonly listStatus = signal('');
  protected readonly busyIds = signal<ReadonlySet<string>>(new Set());
  protected readonly currentUserId = computed(() => this.auth.user()?.id ?? null);
  /** The reset link just made, shown once; the server keeps only its hash. */
  protected readonly resetLink = signal<{ memberName: string; link: PasswordResetLink } | null>(null);

  /** Only the roles this organization kind has; the API refuses others anyway. */
  protected readonly roleOptions = computed<readonly Role[]>(() => {
    const kind = this.auth.user()?.organizationKind ?? 'practice';
    return ROLES_BY_ORGANIZATION_KIND[kind];
  });

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    displayName: ['', [Validators.required]],
    role: [this.roleOptions()[0] as Role, [Validators.required]],
    password: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
  });
  protected readonly formError = signal<string | null>(null);
  protected readonly formStatus = signal('');
  protected readonly creating = signal(false);

  /**
   * The idempotency key belongs to one intended creation: a retry of the same body (after a
   * timeout, say) reuses it so the server answers with the member it already made; a changed
   * body is a new intention and gets a new key.
   */
  private pendingCreate: { key: string; body: string } | null = null;

  constructor() {
    void this.reload();
  }

  /** mat-table's row context is untyped; this keeps the lookup typed. */
  protected roleLabel(member: OrganizationMember): string {
    return ROLE_LABELS[member.role] ?? member.role;
  }

  protected trackById(_index: number, member: OrganizationMember): string {
    return member.id;
  }

  async reload(): Promise<void> {
    await this.loadPage(null);
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (cursor) await this.loadPage(cursor);
  }

  async toggleActive(member: OrganizationMember): Promise<void> {
    if (this.busyIds().has(member.id)) return;
    this.setBusy(member.id, true);
    this.listError.set(null);
    this.listStatus.set('');
    try {
      const updated = await firstValueFrom(
        this.api.update(member.id, member.version, { active: !member.active }),
      );
      this.members.update((list) => list.map((m) => (m.id === updated.id ? updated : m)));
      this.listStatus.set(`${updated.displayName} is now ${updated.active ? 'active' : 'inactive'}.`);
    } catch (error) {
      if (errorCode(error) === 'version_conflict') {
        await this.reload();
        this.listError.set(VERSION_CONFLICT_MESSAGE);
      } else {
        this.listError.set(errorMessage(error));
      }
    } finally {
      this.setBusy(member.id, false);
    }
  }

  /** A new single-use link for the member (their earlier links stop working); shown above the list. */
  async issueReset(member: OrganizationMember): Promise<void> {
    if (this.busyIds().has(member.id)) return;
    this.setBusy(member.id, true);
    this.listError.set(null);
    this.listStatus.set('');
    this.resetLink.set(null);
    try {
      const link = await this.passwords.issueReset(member.id);
      this.resetLink.set({ memberName: member.displayName, link });
    } catch (error) {
      this.listError.set(errorMessage(error));
      this.banners().at(0)?.focus();
    } finally {
      this.setBusy(member.id, false);
    }
  }

  async create(): Promise<void> {
    if (this.creating()) return;
    this.formError.set(null);
    this.formStatus.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalidField();
      return;
    }
    const body: CreateMemberRequest = {
      ...this.form.getRawValue(),
      email: this.form.controls.email.value.trim(),
    };
    const serialized = JSON.stringify(body);
    if (this.pendingCreate?.body !== serialized)
      this.pendingCreate = { key: newIdempotencyKey(), body: serialized };

    this.creating.set(true);
    try {
      const created = await firstValueFrom(this.api.create(body, this.pendingCreate.key));
      this.pendingCreate = null;
      this.formDirective().resetForm({
        email: '',
        displayName: '',
        role: this.roleOptions()[0],
        password: '',
      });
      this.formStatus.set(`${created.displayName} was added as ${ROLE_LABELS[created.role].toLowerCase()}.`);
      await this.reload();
    } catch (error) {
      this.showCreateError(error);
    } finally {
      this.creating.set(false);
    }
  }

  protected fieldError(field: MemberField): string {
    const control = this.form.controls[field];
    const server = control.getError('server') as string | undefined;
    if (server) return server;
    if (control.hasError('required')) {
      return {
        email: 'Enter an email address.',
        displayName: 'Enter the name to show in the app.',
        role: 'Choose a role.',
        password: 'Enter an initial password.',
      }[field];
    }
    if (control.hasError('email')) return 'Enter a valid email address, like name@example.com.';
    if (control.hasError('minlength')) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    return '';
  }

  protected focusAddForm(): void {
    this.host.nativeElement.querySelector<HTMLElement>('#member-email')?.focus();
  }

  private showCreateError(error: unknown): void {
    const problems = fieldProblems(error);
    const unplaced: string[] = [];
    for (const { field, problem } of problems) {
      const control = MEMBER_FIELDS.includes(field as MemberField)
        ? this.form.controls[field as MemberField]
        : null;
      if (control) {
        control.setErrors({ server: sentence(problem) });
        control.markAsTouched();
      } else {
        unplaced.push(sentence(problem));
      }
    }
    if (errorCode(error) === 'email_taken') {
      this.form.controls.email.setErrors({ server: errorMessage(error) });
      this.form.controls.email.markAsTouched();
    }
    if (this.form.invalid) {
      if (unplaced.length) this.formError.set(unplaced.join(' '));
      this.focusFirstInvalidField();
      return;
    }
    // A network failure leaves the pending key in place, so trying again cannot create twice.
    if (!(error instanceof HttpErrorResponse && error.status === 0)) this.pendingCreate = null;
    this.formError.set(errorMessage(error));
    this.banners().at(-1)?.focus();
  }

  private async loadPage(cursor: string | null): Promise<void> {
    this.listLoading.set(true);
    this.listError.set(null);
    try {
      const page = await firstValueFrom(this.api.list(cursor));
      this.members.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      this.listError.set(errorMessage(error));
    } finally {
      this.listLoading.set(false);
    }
  }

  private setBusy(id: string, busy: boolean): void {
    this.busyIds.update((ids) => {
      const next = new Set(ids);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  /**
   * Picks the field from the form model, not from `.ng-invalid` classes: after a server answer
   * the classes are only updated at the next render. The element with `formControlName` is the
   * focusable one for inputs and for mat-select alike.
   */
  private focusFirstInvalidField(): void {
    const field = MEMBER_FIELDS.find((name) => this.form.controls[name].invalid);
    if (field)
      this.host.nativeElement.querySelector<HTMLElement>(`form [formcontrolname="${field}"]`)?.focus();
  }
}

/** For the route loader (`lazyPages`): a default export needs no `.then` in the initial bundle. */
export default TeamMembersPage;
