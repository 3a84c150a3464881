import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import type { Disclosure } from '@kap/shared/contracts';
import { of } from 'rxjs';
import { disclosure } from '../../testing/sharing-fixtures';
import { DisclosuresSection } from './disclosures-section';

describe('DisclosuresSection', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<DisclosuresSection>>;

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function open(items: Disclosure[], nextCursor: string | null = null): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ActivatedRoute, useValue: { paramMap: of(convertToParamMap({ id: 'p-1' })) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DisclosuresSection);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/patients/p-1/disclosures?limit=50').flush({ items, nextCursor });
    await settle();
  }

  afterEach(() => http.verify());

  it('lists when, to whom, what and why, and pages on to older ones', async () => {
    await open([disclosure()], 'next-1');
    const row = page.querySelector('tbody tr') as HTMLElement;
    expect(row.querySelector('th time')?.getAttribute('datetime')).toBe('2026-11-21T08:00:00.000Z');
    const cells = Array.from(row.querySelectorAll('td')).map((c) =>
      c.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(cells).toEqual([
      'Northstar Medical Team',
      'Care-team update Message, session records (2)',
      'Care coordination: request review',
      'Sam Okafor, LCSW',
    ]);

    (
      Array.from(page.querySelectorAll('button')).find((b) =>
        b.textContent?.includes('Show older'),
      ) as HTMLButtonElement
    ).click();
    await settle();
    http
      .expectOne('/api/patients/p-1/disclosures?limit=50&cursor=next-1')
      .flush({ items: [disclosure({ id: 'd-0' })], nextCursor: null });
    await settle();
    expect(page.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(
      Array.from(page.querySelectorAll('button')).some((b) => b.textContent?.includes('Show older')),
    ).toBe(false);
  });

  it('says what will appear here when nothing has left the practice', async () => {
    await open([]);
    expect(page.querySelector('table')).toBeNull();
    expect(page.querySelector('kap-empty-state')?.textContent).toContain(
      'Nothing about this patient has left the practice yet.',
    );
  });
});
