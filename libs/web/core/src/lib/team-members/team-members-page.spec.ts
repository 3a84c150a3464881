import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { OrganizationMember, User } from '@kap/shared/contracts';
import { WIDE_WINDOW } from '@kap/web/ui';
import { of } from 'rxjs';
import { AuthStore } from '../auth/auth-store';
import { OrganizationApi } from '../organization/organization-api';
import { TeamMembersPage, VERSION_CONFLICT_MESSAGE } from './team-members-page';

const admin: User = {
  id: 'u-admin',
  email: 'admin@demo.test',
  displayName: 'Ada Admin',
  role: 'practice_admin',
  organizationId: 'org-1',
  organizationKind: 'practice',
};

function member(overrides: Partial<OrganizationMember>): OrganizationMember {
  return {
    ...admin,
    active: true,
    version: 1,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

const dana = member({
  id: 'u-dana',
  email: 'therapist@demo.test',
  displayName: 'Dana Therapist',
  role: 'therapist',
  version: 3,
});
const theo = member({
  id: 'u-theo',
  email: 'therapist2@demo.test',
  displayName: 'Theo Therapist',
  role: 'therapist',
});

describe('TeamMembersPage', () => {
  let fixture: ComponentFixture<TeamMembersPage>;
  let page: HTMLElement;
  let http: HttpTestingController;
  let wide: ReturnType<typeof signal<boolean>>;

  beforeEach(async () => {
    wide = signal(true);
    TestBed.configureTestingModule({
      imports: [TeamMembersPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: WIDE_WINDOW, useValue: wide },
        { provide: AuthStore, useValue: { user: signal(admin).asReadonly() } },
        // The settings form below the list has its own spec.
        {
          provide: OrganizationApi,
          useValue: {
            get: () =>
              of({ id: 'org-1', name: 'Demo', kind: 'practice', escalateAfterHours: 4, timeZone: 'UTC' }),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TeamMembersPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function expectList(cursor?: string): TestRequest {
    return http.expectOne(
      (req) =>
        req.method === 'GET' &&
        req.url === '/api/users' &&
        (req.params.get('cursor') ?? undefined) === cursor,
    );
  }

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  function rows(): string[] {
    return Array.from(
      page.querySelectorAll('tbody tr, tr.mat-mdc-row'),
      (tr) => tr.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    );
  }

  function alerts(): string {
    return Array.from(page.querySelectorAll('[role="alert"]'), (a) => a.textContent?.trim()).join(' ');
  }

  function button(text: string): HTMLButtonElement {
    const found = Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === text);
    if (!found) throw new Error(`no button "${text}"`);
    return found;
  }

  function type(name: string, value: string): void {
    const input = page.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`);
    if (!input) throw new Error(`no ${name} input`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('lists members with name, email, role and active state, and loads more with the cursor', async () => {
    const first = expectList();
    expect(first.request.params.get('limit')).toBe('50');
    first.flush({ items: [member({ version: 1 }), dana], nextCursor: 'c-2' });
    await settle();

    expect(rows()).toHaveLength(2);
    expect(rows()[1]).toContain('Dana Therapist');
    expect(rows()[1]).toContain('therapist@demo.test');
    expect(rows()[1]).toContain('Therapist');
    expect(rows()[1]).toContain('Active');
    // Nobody is offered to deactivate themselves.
    expect(rows()[0]).toContain('(you)');
    expect(page.querySelector('button[aria-label="Deactivate Ada Admin"]')).toBeNull();

    button('Load more').click();
    expectList('c-2').flush({ items: [theo], nextCursor: null });
    await settle();
    expect(rows()).toHaveLength(3);
    expect(
      Array.from(page.querySelectorAll('button')).some((b) => b.textContent?.includes('Load more')),
    ).toBe(false);
  });

  it('on a phone shows each member as a card in a list, with the same facts and actions, and no table', async () => {
    expectList().flush({ items: [member({ version: 1 }), dana], nextCursor: null });
    await settle();
    wide.set(false);
    await settle();

    expect(page.querySelector('table')).toBeNull();
    const list = page.querySelector('ul[aria-labelledby="members-heading"]');
    expect(page.querySelector('#members-heading')?.textContent).toBe('Members');
    const cards = Array.from(list?.querySelectorAll(':scope > li') ?? []);
    expect(cards).toHaveLength(2);
    const facts = (card: Element) =>
      Array.from(card.querySelectorAll('dt'), (dt) => [
        dt.textContent?.trim(),
        dt.nextElementSibling?.textContent?.trim(),
      ]);
    expect(cards[1].querySelector('h3')?.textContent?.trim()).toBe('Dana Therapist');
    expect(facts(cards[1])).toEqual([
      ['Email', 'therapist@demo.test'],
      ['Role', 'Therapist'],
      ['Status', 'Active'],
    ]);
    expect(cards[1].querySelector('button[aria-label="Deactivate Dana Therapist"]')).not.toBeNull();
    expect(cards[1].querySelector('button[aria-label="Reset password for Dana Therapist"]')).not.toBeNull();
    expect(cards[0].querySelector('h3')?.textContent).toContain('(you)');
    expect(cards[0].querySelector('button')).toBeNull();

    // And back to the table when the window widens.
    wide.set(true);
    await settle();
    expect(rows()).toHaveLength(2);
    expect(page.querySelector('ul[aria-labelledby="members-heading"]')).toBeNull();
  });

  it('deactivates with If-Match carrying the row version', async () => {
    expectList().flush({ items: [dana], nextCursor: null });
    await settle();

    page.querySelector<HTMLButtonElement>('button[aria-label="Deactivate Dana Therapist"]')?.click();
    const patch = http.expectOne({ method: 'PATCH', url: '/api/users/u-dana' });
    expect(patch.request.headers.get('If-Match')).toBe('"3"');
    expect(patch.request.body).toEqual({ active: false });
    patch.flush({ ...dana, active: false, version: 4 });
    await settle();

    expect(rows()[0]).toContain('Inactive');
    expect(page.querySelector('[role="status"]')?.textContent).toContain('Dana Therapist is now inactive.');
  });

  it('on 412 says someone else changed the member and reloads the list', async () => {
    expectList().flush({ items: [dana], nextCursor: null });
    await settle();

    page.querySelector<HTMLButtonElement>('button[aria-label="Deactivate Dana Therapist"]')?.click();
    http.expectOne({ method: 'PATCH', url: '/api/users/u-dana' }).flush(
      {
        error: 'version_conflict',
        message: 'This record was changed.',
        requestId: 'r',
        details: { ...dana, version: 5, active: false },
      },
      { status: 412, statusText: 'Precondition Failed' },
    );
    await settle();
    expectList().flush({ items: [{ ...dana, version: 5, active: false }], nextCursor: null });
    await settle();

    expect(alerts()).toContain(VERSION_CONFLICT_MESSAGE);
    expect(rows()[0]).toContain('Inactive');
  });

  it('adds a member with an Idempotency-Key, then shows it in the reloaded list', async () => {
    expectList().flush({ items: [member({})], nextCursor: null });
    await settle();

    type('email', 'new.therapist@demo.test');
    type('displayName', 'Nia New');
    type('password', 'a-long-initial-pass');
    button('Add team member').click();
    await settle();

    const post = http.expectOne({ method: 'POST', url: '/api/users' });
    expect(post.request.body).toEqual({
      email: 'new.therapist@demo.test',
      displayName: 'Nia New',
      role: 'therapist',
      password: 'a-long-initial-pass',
    });
    expect(post.request.headers.get('Idempotency-Key')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const nia = member({
      id: 'u-nia',
      email: 'new.therapist@demo.test',
      displayName: 'Nia New',
      role: 'therapist',
    });
    post.flush(nia, { status: 201, statusText: 'Created' });
    await settle();
    expectList().flush({ items: [member({}), nia], nextCursor: null });
    await settle();

    expect(rows().some((r) => r.includes('Nia New'))).toBe(true);
    expect(page.textContent).toContain('Nia New was added as therapist.');
    expect(page.querySelector<HTMLInputElement>('input[formcontrolname="email"]')?.value).toBe('');
  });

  it('checks the form before sending: required fields and a 12-character password', async () => {
    expectList().flush({ items: [member({})], nextCursor: null });
    await settle();

    type('password', 'short');
    button('Add team member').click();
    await settle();

    expect(page.textContent).toContain('Enter an email address.');
    expect(page.textContent).toContain('Use at least 12 characters.');
    expect(document.activeElement?.getAttribute('formcontrolname')).toBe('email');
    http.expectNone({ method: 'POST', url: '/api/users' });
  });

  it('puts the server\'s field problems under the fields, and "email taken" under the email', async () => {
    expectList().flush({ items: [member({})], nextCursor: null });
    await settle();

    type('email', 'therapist@demo.test');
    type('displayName', 'Dup');
    type('password', 'a-long-initial-pass');
    button('Add team member').click();
    await settle();
    http.expectOne({ method: 'POST', url: '/api/users' }).flush(
      {
        error: 'validation_failed',
        message: 'Some fields need attention.',
        requestId: 'r',
        details: [{ field: 'displayName', problem: 'must be at least 2 characters' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(page.querySelector('mat-error')?.textContent ?? page.textContent).toContain(
      'Must be at least 2 characters',
    );
    expect(document.activeElement?.getAttribute('formcontrolname')).toBe('displayName');

    type('displayName', 'Dupe Person');
    button('Add team member').click();
    await settle();
    http
      .expectOne({ method: 'POST', url: '/api/users' })
      .flush(
        { error: 'email_taken', message: 'Someone already uses this email address.', requestId: 'r' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    expect(page.textContent).toContain('Someone already uses this email address.');
    expect(document.activeElement?.getAttribute('formcontrolname')).toBe('email');
  });

  describe('password reset links', () => {
    const link = {
      url: 'https://care.example.org/reset-password/' + 'b'.repeat(43),
      expiresAt: '2026-12-05T18:30:00.000Z',
    };

    it('offers "Reset password" for other active members only, never for yourself or an inactive member', async () => {
      expectList().flush({
        items: [
          member({ id: 'u-admin' }),
          dana,
          member({ id: 'u-gone', displayName: 'Gone Person', active: false }),
        ],
        nextCursor: null,
      });
      await settle();
      expect(page.querySelector('button[aria-label="Reset password for Dana Therapist"]')).not.toBeNull();
      expect(page.querySelector('button[aria-label="Reset password for Ada Admin"]')).toBeNull();
      expect(page.querySelector('button[aria-label="Reset password for Gone Person"]')).toBeNull();
    });

    it('shows the new link once with its expiry, focuses it, and copies it', async () => {
      const writeText = vi.fn().mockResolvedValue(undefined);
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      expectList().flush({ items: [dana], nextCursor: null });
      await settle();

      page
        .querySelector<HTMLButtonElement>('button[aria-label="Reset password for Dana Therapist"]')
        ?.click();
      const issued = http.expectOne({ method: 'POST', url: '/api/users/u-dana/password-reset' });
      issued.flush(link, { status: 201, statusText: 'Created' });
      await settle();

      const heading = page.querySelector('#reset-link-heading');
      expect(heading?.textContent).toBe('Password reset link for Dana Therapist');
      expect(document.activeElement).toBe(heading);
      expect(page.querySelector<HTMLInputElement>('[data-testid="reset-link-url"]')?.value).toBe(link.url);
      expect(page.textContent).toContain('It works once, until 5 Dec 2026, 18:30.');

      button('Copy link').click();
      await settle();
      expect(writeText).toHaveBeenCalledWith(link.url);
      expect(page.textContent).toContain('Link copied.');

      button('Done').click();
      await settle();
      expect(page.querySelector('#reset-link-heading')).toBeNull();
    });

    it('says why when the link cannot be made', async () => {
      expectList().flush({ items: [dana], nextCursor: null });
      await settle();
      page
        .querySelector<HTMLButtonElement>('button[aria-label="Reset password for Dana Therapist"]')
        ?.click();
      http.expectOne({ method: 'POST', url: '/api/users/u-dana/password-reset' }).flush(
        {
          error: 'conflict',
          message: 'This member is deactivated. Reactivate them first, then reset their password.',
          requestId: 'r',
        },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();
      expect(alerts()).toContain('Reactivate them first');
      expect(page.querySelector('#reset-link-heading')).toBeNull();
    });
  });
});
