import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { UnreadUpdates, unreadUpdatesLabel } from './unread-updates';

describe('UnreadUpdates', () => {
  let http: HttpTestingController;
  let unread: UnreadUpdates;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    unread = TestBed.inject(UnreadUpdates);
  });

  afterEach(() => http.verify());

  it.each([
    [0, ''],
    [1, '1 unread care-team update'],
    [3, '3 unread care-team updates'],
  ])('words %i as "%s"', (total, label) => {
    expect(unreadUpdatesLabel(total)).toBe(label);
  });

  it('holds the count, per patient too, and keeps the last one when a refresh fails', async () => {
    const first = unread.refresh();
    http.expectOne('/api/status-updates/unread').flush({
      total: 3,
      byPatient: [
        { patientId: 'p-1', count: 2 },
        { patientId: 'p-2', count: 1 },
      ],
    });
    await first;
    expect(unread.total()).toBe(3);
    expect(unread.label()).toBe('3 unread care-team updates');
    expect(unread.forPatient('p-1')).toBe(2);
    expect(unread.forPatient('p-9')).toBe(0);

    const failing = unread.refresh();
    http
      .expectOne('/api/status-updates/unread')
      .flush({ error: 'internal' }, { status: 500, statusText: 'Server Error' });
    await failing;
    expect(unread.total()).toBe(3);

    unread.clear();
    expect(unread.total()).toBe(0);
  });

  it('asks once more after a request already out, so the count is never older than the last change', async () => {
    const first = unread.refresh();
    const second = unread.refresh();
    http.expectOne('/api/status-updates/unread').flush({ total: 2, byPatient: [] });
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/status-updates/unread').flush({ total: 1, byPatient: [] });
    await Promise.all([first, second]);
    expect(unread.total()).toBe(1);
  });
});
