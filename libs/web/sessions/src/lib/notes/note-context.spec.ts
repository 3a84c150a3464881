import { noteKindAfter } from '../display/session-labels';
import { noteContext, patientNameOf } from './note-context';

describe('note context', () => {
  const session = { kind: 'dosing' as const, occurredAt: '2026-12-02T10:00:00.000Z' };

  it('names the kind, the patient and the session the note is for', () => {
    expect(noteContext('integration', 'Rowan Smith', session)).toBe(
      'Integration note · Rowan Smith · for the dosing session of 2 Dec 2026',
    );
  });

  it('leaves out what is not known, never the kind', () => {
    expect(noteContext('progress', 'Rowan Smith', null)).toBe('Progress note · Rowan Smith');
    expect(noteContext('preparation', null, null)).toBe('Preparation note');
  });

  it('calls the patient by the name they go by', () => {
    expect(patientNameOf({ givenName: 'Robert', familyName: 'Smith', preferredName: 'Rowan' })).toBe(
      'Rowan Smith',
    );
    expect(patientNameOf({ givenName: 'Robert', familyName: 'Smith', preferredName: null })).toBe(
      'Robert Smith',
    );
  });

  it('offers an integration note after a dose, as the demo practice files its dosing notes', () => {
    expect(noteKindAfter('dosing')).toBe('integration');
  });
});
