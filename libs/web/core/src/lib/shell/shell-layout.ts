import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  untracked,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { AuthStore } from '../auth/auth-store';
import { ROLE_LABELS } from '../auth/role-labels';
import { UnreadUpdates } from '../care-team/unread-updates';

/** For `loadUnreadUpdates`: the feature pages reach the store through the shell's chunk. */
export { UnreadUpdates };

/** The frame around every signed-in page: toolbar, side navigation and the main landmark. */
@Component({
  selector: 'kap-shell-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, MatToolbarModule, MatButtonModule],
  templateUrl: './shell-layout.html',
  styleUrl: './shell-layout.scss',
})
export class ShellLayout {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly unread = inject(UnreadUpdates);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  /**
   * The current path, for marking the active link. RouterLinkActive would do this, but it shares
   * a file with the Router and esbuild splits by file, so using it anywhere moves ~3 kB into the
   * initial bundle, which is at its 300 kB budget.
   */
  private readonly path = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map((event) => event.urlAfterRedirects),
    ),
    { initialValue: this.router.url },
  );

  protected readonly user = this.auth.user;
  protected readonly roleLabel = computed(() => {
    const user = this.user();
    return user ? ROLE_LABELS[user.role] : '';
  });
  protected readonly isPracticeAdmin = computed(() => this.user()?.role === 'practice_admin');
  protected readonly isMedicalTeam = computed(() => this.user()?.organizationKind === 'medical_team');
  /** The team's coordinator manages the team's API keys and webhooks (Connections). */
  protected readonly isCoordinator = computed(() => this.user()?.role === 'care_coordinator');
  /** The badge on Home (where the updates are listed): the count, and the words for it. */
  protected readonly unreadTotal = this.unread.total;
  protected readonly unreadLabel = this.unread.label;

  constructor() {
    // On every navigation: cheap (one indexed count), and the page being left may have changed it.
    effect(() => {
      this.path();
      untracked(() => void this.unread.refresh());
    });
    // The next person to sign in on this browser must not see this one's count, even briefly.
    inject(DestroyRef).onDestroy(() => this.unread.clear());
  }

  protected isCurrent(path: string): boolean {
    const current = this.path().split(/[?#]/)[0];
    return path === '/' ? current === '/' : current === path || current.startsWith(`${path}/`);
  }

  /**
   * A plain `href="#main-content"` would resolve against `<base href="/">` and reload the home
   * page, so the skip link moves focus itself.
   */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }

  protected signOut(): void {
    void this.auth.signOut();
  }
}

/** For the route loader (`lazyPages`): a default export needs no `.then` in the initial bundle. */
export default ShellLayout;
