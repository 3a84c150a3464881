import { setClinicLocale, setClinicTimeZone } from '@kap/web/core';
import { beforeEach } from 'vitest';

// The specs assert dates as "14 Nov 2026, 14:00": every test starts on an en-GB calendar in UTC,
// whatever the machine's language and zone, and whatever zone a test before it signed in with.
// The calendar's own spec covers other languages and zones.
beforeEach(() => {
  setClinicLocale('en-GB');
  setClinicTimeZone('UTC');
});
