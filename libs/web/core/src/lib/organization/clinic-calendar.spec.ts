import { clinicCalendar } from './clinic-calendar';
import { clinicLocale, clinicTimeZone, setClinicLocale, setClinicTimeZone } from './clinic-calendar-settings';

// The web test setup pins en-GB and UTC before each test; these tests set their own.
describe('clinicCalendar', () => {
  function on(zone: string, locale: string): void {
    setClinicTimeZone(zone);
    setClinicLocale(locale);
  }

  describe('a calendar date is the same day in every zone', () => {
    it.each([
      ['2026-12-02', 'Pacific/Auckland', 'en-GB', '2 Dec 2026'],
      ['2026-12-02', 'America/New_York', 'en-GB', '2 Dec 2026'],
      ['2026-12-02', 'America/Los_Angeles', 'en-US', 'Dec 2, 2026'],
      ['2026-01-01', 'Pacific/Kiritimati', 'en-GB', '1 Jan 2026'],
      ['2025-12-31', 'Pacific/Pago_Pago', 'en-US', 'Dec 31, 2025'],
      ['2026-09-05', 'Europe/London', 'en-GB', '5 Sep 2026'],
    ])('%s in %s (%s) is %s', (day, zone, locale, expected) => {
      on(zone, locale);
      expect(clinicCalendar.calendarDate(day)).toBe(expected);
    });

    it('writes a calendar date without its year, and gives back what is not a calendar date', () => {
      on('Pacific/Auckland', 'en-GB');
      expect(clinicCalendar.calendarDayMonth('2026-11-24')).toBe('24 Nov');
      expect(clinicCalendar.calendarDate('2026-11-24T10:00:00Z')).toBe('2026-11-24T10:00:00Z');
      expect(clinicCalendar.calendarDate('soon')).toBe('soon');
    });
  });

  describe('an instant is written on the organization’s wall clock', () => {
    // 03:30 UTC on 3 Dec is still the evening of 2 Dec in New York and already 3 Dec in Berlin.
    const lateEvening = '2026-12-03T03:30:00.000Z';
    it.each([
      ['date', 'America/New_York', 'en-GB', '2 Dec 2026'],
      ['date', 'Europe/Berlin', 'en-GB', '3 Dec 2026'],
      ['date', 'America/New_York', 'en-US', 'Dec 2, 2026'],
      ['dateTime', 'America/New_York', 'en-GB', '2 Dec 2026, 22:30'],
      ['dateTime', 'Europe/Berlin', 'en-GB', '3 Dec 2026, 04:30'],
      ['dateTime', 'America/New_York', 'en-US', 'Dec 2, 2026, 10:30 PM'],
      ['dateTime', 'Europe/Berlin', 'en-US', 'Dec 3, 2026, 4:30 AM'],
      ['dateTimeWithSeconds', 'America/New_York', 'en-GB', '2 Dec 2026, 22:30:00'],
      ['time', 'America/New_York', 'en-US', '10:30 PM'],
      ['time', 'Europe/Berlin', 'en-GB', '04:30'],
      ['dayMonth', 'America/New_York', 'en-GB', '2 Dec'],
      ['dayMonth', 'Europe/Berlin', 'en-US', 'Dec 3'],
      ['shortDate', 'Europe/Berlin', 'en-GB', '3 Dec 26'],
      ['month', 'America/New_York', 'en-GB', 'Dec'],
      ['monthYear', 'America/New_York', 'en-GB', 'Dec 26'],
    ] as const)('%s in %s (%s) is %s', (style, zone, locale, expected) => {
      on(zone, locale);
      expect(clinicCalendar[style](lateEvening)).toBe(expected);
    });

    it('takes milliseconds and Dates too, and gives back text that is not an instant', () => {
      on('UTC', 'en-GB');
      const at = Date.parse('2026-11-14T14:00:00Z');
      expect(clinicCalendar.dateTime(at)).toBe('14 Nov 2026, 14:00');
      expect(clinicCalendar.dateTime(new Date(at))).toBe('14 Nov 2026, 14:00');
      expect(clinicCalendar.date('not yet')).toBe('not yet');
    });

    it('follows a new zone at once (the admin saved another one)', () => {
      on('America/New_York', 'en-GB');
      expect(clinicCalendar.time('2026-06-01T12:00:00Z')).toBe('08:00');
      setClinicTimeZone('Asia/Tokyo');
      expect(clinicTimeZone()).toBe('Asia/Tokyo');
      expect(clinicCalendar.time('2026-06-01T12:00:00Z')).toBe('21:00');
      setClinicLocale('en-US');
      expect(clinicLocale()).toBe('en-US');
      expect(clinicCalendar.time('2026-06-01T12:00:00Z')).toBe('9:00 PM');
    });

    it('keeps the zone it has when the answer names none', () => {
      on('Europe/Berlin', 'en-GB');
      setClinicTimeZone(undefined);
      setClinicTimeZone('');
      expect(clinicTimeZone()).toBe('Europe/Berlin');
    });

    it('falls back to en-GB for a language the browser does not know, and never throws on a zone', () => {
      on('UTC', 'not a language!');
      expect(clinicCalendar.date('2026-11-14T14:00:00Z')).toBe('14 Nov 2026');
      setClinicLocale('en-GB');
      setClinicTimeZone('Mars/Olympus_Mons');
      expect(clinicCalendar.date('2026-11-14T14:00:00Z')).toMatch(/^1[45] Nov 2026$/);
      expect(clinicCalendar.dayOf('2026-11-14T14:00:00Z')).toMatch(/^2026-11-1[45]$/);
    });
  });

  describe('days on the organization’s calendar', () => {
    it.each([
      // New York is UTC-5 in winter, UTC-4 in summer; its midnight moves with it.
      ['2026-12-03', 'America/New_York', '2026-12-03T05:00:00.000Z'],
      ['2026-07-01', 'America/New_York', '2026-07-01T04:00:00.000Z'],
      // The days clocks change (2 a.m.): midnight is still on the old offset.
      ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
      ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'],
      ['2026-12-03', 'Pacific/Auckland', '2026-12-02T11:00:00.000Z'],
      ['2026-12-03', 'UTC', '2026-12-03T00:00:00.000Z'],
    ])('%s in %s begins at %s', (day, zone, expected) => {
      on(zone, 'en-GB');
      expect(new Date(clinicCalendar.startOfDay(day)).toISOString()).toBe(expected);
      expect(clinicCalendar.dayOf(clinicCalendar.startOfDay(day))).toBe(day);
      expect(clinicCalendar.dayOf(clinicCalendar.startOfDay(day) - 1)).not.toBe(day);
    });

    it('names the day and year of an instant in the zone', () => {
      on('America/New_York', 'en-GB');
      expect(clinicCalendar.dayOf('2027-01-01T04:59:00Z')).toBe('2026-12-31');
      expect(clinicCalendar.year('2027-01-01T04:59:00Z')).toBe(2026);
      expect(clinicCalendar.year('2027-01-01T05:00:00Z')).toBe(2027);
      expect(clinicCalendar.dayOf('nonsense')).toBe('');
      expect(clinicCalendar.startOfDay('2026-02-30x')).toBeNaN();
    });
  });

  describe('a datetime-local field holds the organization’s wall clock', () => {
    it.each([
      // zone, typed, the instant it names, why
      ['UTC', '2026-11-14T14:05', '2026-11-14T14:05:00.000Z', 'no offset'],
      ['Europe/London', '2026-11-14T14:05', '2026-11-14T14:05:00.000Z', 'winter: GMT'],
      ['Europe/London', '2026-07-01T14:05', '2026-07-01T13:05:00.000Z', 'summer: BST'],
      ['America/New_York', '2026-12-02T22:30', '2026-12-03T03:30:00.000Z', 'evening there, next day in UTC'],
      [
        'Pacific/Auckland',
        '2026-12-03T08:00',
        '2026-12-02T19:00:00.000Z',
        'morning there, day before in UTC',
      ],
      ['Asia/Kolkata', '2026-06-01T09:15', '2026-06-01T03:45:00.000Z', 'a half-hour offset'],
      ['America/New_York', '2026-11-14T14:05:30', '2026-11-14T19:05:30.000Z', 'seconds kept'],
      // Spring forward, 8 Mar 2026 02:00 EST → 03:00 EDT: 02:30 never happens; read on the offset
      // before the change, which is 03:30 EDT. The minutes around the gap are plain.
      ['America/New_York', '2026-03-08T01:59', '2026-03-08T06:59:00.000Z', 'just before the gap'],
      ['America/New_York', '2026-03-08T02:30', '2026-03-08T07:30:00.000Z', 'in the gap: 03:30 EDT'],
      ['America/New_York', '2026-03-08T03:00', '2026-03-08T07:00:00.000Z', 'just after the gap'],
      // Fall back, 1 Nov 2026 02:00 EDT → 01:00 EST: 01:30 happens twice; the first (EDT) is taken.
      ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z', 'in the overlap: the first 01:30'],
      ['America/New_York', '2026-11-01T02:00', '2026-11-01T07:00:00.000Z', 'after the overlap'],
      // London: 29 Mar 2026 01:00 GMT → 02:00 BST; 25 Oct 2026 02:00 BST → 01:00 GMT.
      ['Europe/London', '2026-03-29T01:30', '2026-03-29T01:30:00.000Z', 'in the London gap: 02:30 BST'],
      ['Europe/London', '2026-10-25T01:30', '2026-10-25T00:30:00.000Z', 'in the London overlap: the BST one'],
    ])('%s: %s is %s (%s)', (zone, typed, expected) => {
      on(zone, 'en-GB');
      expect(new Date(clinicCalendar.instantOfInput(typed)).toISOString()).toBe(expected);
    });

    it.each([
      ['America/New_York', '2026-12-03T03:30:00.000Z', '2026-12-02T22:30'],
      ['Pacific/Auckland', '2026-12-02T19:00:00.000Z', '2026-12-03T08:00'],
      ['Europe/London', '2026-07-01T13:05:59.000Z', '2026-07-01T14:05'],
      // Both instants of the repeated hour are written 01:30; typing it back gives the first.
      ['America/New_York', '2026-11-01T05:30:00.000Z', '2026-11-01T01:30'],
      ['America/New_York', '2026-11-01T06:30:00.000Z', '2026-11-01T01:30'],
    ])('%s: %s is written %s', (zone, instant, expected) => {
      on(zone, 'en-GB');
      expect(clinicCalendar.inputValue(instant)).toBe(expected);
      expect(clinicCalendar.inputValue(Date.parse(instant))).toBe(expected);
    });

    it('goes there and back for every hour of a year with two clock changes', () => {
      on('America/New_York', 'en-GB');
      for (
        let time = Date.parse('2026-01-01T00:00:00Z');
        time < Date.parse('2027-01-01T00:00:00Z');
        time += 3_600_000
      ) {
        const typed = clinicCalendar.inputValue(time);
        expect(clinicCalendar.inputValue(clinicCalendar.instantOfInput(typed))).toBe(typed);
      }
    });

    it.each([
      '',
      'soon',
      '2026-02-30T10:00',
      '2026-11-14T24:00',
      '2026-11-14T10:60',
      '2026-11-14',
      '14/11/2026 10:00',
    ])('reads %j as no time at all', (typed) => {
      on('Europe/London', 'en-GB');
      expect(clinicCalendar.instantOfInput(typed)).toBeNaN();
    });

    it('writes nothing for what is not an instant', () => {
      expect(clinicCalendar.inputValue('not yet')).toBe('');
      expect(clinicCalendar.inputValue(NaN)).toBe('');
    });
  });

  describe('a date-time field names the clinic’s zone when the browser is elsewhere', () => {
    const browser = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    const elsewhere = browser === 'Europe/London' ? 'America/New_York' : 'Europe/London';

    it('says nothing when the browser is in the organization’s zone', () => {
      on(browser, 'en-GB');
      expect(clinicCalendar.zoneUnlikeBrowser()).toBe('');
      expect(clinicCalendar.fieldHint()).toBe('');
    });

    it('names the organization’s zone otherwise', () => {
      on(elsewhere, 'en-GB');
      expect(clinicCalendar.zoneUnlikeBrowser()).toBe(elsewhere.replace('_', ' '));
      expect(clinicCalendar.fieldHint()).toBe(`Clinic time, ${elsewhere.replace('_', ' ')}`);
    });
  });
});
