import { HttpErrorResponse } from '@angular/common/http';
import { note, outcome, session, statusUpdate } from '../../testing/sharing-fixtures';
import {
  composeError,
  composeProblems,
  packetOf,
  packetPeriod,
  problemText,
  RELEASE_REQUIRED_MESSAGE,
  scoreOptions,
  sessionOptions,
  shareableNoteOptions,
  threadEntry,
  viewerSide,
} from './thread-view';

describe('thread view', () => {
  it.each([
    ['therapist', 'practice', 'practice'],
    ['prescriber', 'medical_team', 'medical_team'],
    ['care_coordinator', 'medical_team', 'medical_team'],
    ['practice_admin', 'practice', null],
  ] as const)('a %s of a %s acts for the side %s', (role, organizationKind, side) => {
    expect(viewerSide({ role, organizationKind })).toBe(side);
  });

  it.each([
    // from, acknowledged, viewer side → may acknowledge
    ['practice', false, 'medical_team', true],
    ['practice', false, 'practice', false],
    ['practice', true, 'medical_team', false],
    ['medical_team', false, 'practice', true],
    ['medical_team', false, null, false],
  ] as const)(
    'an update from %s (acknowledged: %s) may be acknowledged by %s: %s',
    (from, acknowledged, side, expected) => {
      const update = statusUpdate({
        from,
        acknowledgedAt: acknowledged ? '2026-11-22T09:00:00.000Z' : null,
        acknowledgedBy: acknowledged ? { id: 'x', displayName: 'Dr. Elena Morales, MD' } : null,
      });
      expect(threadEntry(update, side).canAcknowledge).toBe(expected);
    },
  );

  it('words an entry: kind, urgency, side, author, acknowledgement and attached items', () => {
    const entry = threadEntry(
      statusUpdate({
        acknowledgedAt: '2026-11-22T09:00:00.000Z',
        acknowledgedBy: { id: 'x', displayName: 'Dr. Elena Morales, MD' },
        include: { sessionIds: ['s-1'], outcomeIds: ['o-1', 'o-gone'], noteIds: ['n-1'] },
        included: {
          sessions: [
            {
              id: 's-1',
              kind: 'dosing',
              occurredAt: '2026-11-20T10:00:00.000Z',
              durationMinutes: 150,
              setting: 'in_person',
              dosing: session().dosing,
              documentationComplete: false,
              documentationMissing: ['post_vitals', 'signed_note'],
            },
          ],
          outcomes: [
            {
              id: 'o-1',
              instrument: 'PHQ9',
              administeredAt: '2026-11-22T09:00:00.000Z',
              total: 8,
              severity: 'mild',
              flags: [],
              voided: false,
            },
          ],
          notes: [
            {
              id: 'n-1',
              kind: 'integration',
              sessionId: 's-1',
              signedAt: '2026-11-21T12:00:00.000Z',
              body: 'Calm.',
              addenda: [
                { body: 'Slept well.', reason: 'Follow-up call', createdAt: '2026-11-22T12:00:00.000Z' },
              ],
            },
          ],
        },
      }),
      'medical_team',
    );
    expect(entry.kind).toBe('Request for review');
    expect(entry.urgency).toBe('Soon');
    expect(entry.urgencyClass).toBe('urgency urgency-soon');
    expect(entry.from).toBe('From the practice');
    expect(entry.author).toBe('Sam Okafor, LCSW');
    expect(entry.acknowledgement).toMatch(/^Acknowledged 22 Nov 2026, \d\d:\d\d by Dr\. Elena Morales, MD$/);
    expect(entry.canAcknowledge).toBe(false);
    expect(entry.sessions[0].text).toMatch(
      /^Dosing session, 20 Nov 2026, \d\d:\d\d · 200 mg sublingual · documentation incomplete \(missing: post vitals, signed note\)$/,
    );
    expect(entry.scores[0].text).toBe('PHQ-9 8 (Mild), 22 Nov 2026');
    expect(entry.notes[0].heading).toMatch(/^Integration note, signed 21 Nov 2026/);
    expect(entry.notes[0].addenda[0]).toContain('(Follow-up call): Slept well.');
    expect(entry.withdrawn).toBe('1 attached item is no longer available (archived or voided).');
  });

  it('says an update is not acknowledged yet, and splits a long body into its first lines and the rest', () => {
    const long = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const entry = threadEntry(statusUpdate({ body: long }), 'practice');
    expect(entry.acknowledgement).toBe('Not acknowledged yet');
    expect(entry.lead.split('\n')).toHaveLength(6);
    expect(entry.more.split('\n')[0]).toBe('line 7');
    expect(threadEntry(statusUpdate(), 'practice').more).toBe('');
  });

  it('offers sessions, scores that are not voided, and only signed notes marked to share', () => {
    expect(sessionOptions([session()])[0]).toEqual({
      id: 's-1',
      label: expect.stringMatching(/^Dosing session, 20 Nov 2026/),
    });
    expect(
      scoreOptions([
        outcome(),
        outcome({ id: 'o-2', voidedAt: '2026-11-23T00:00:00.000Z', voidReason: 'wrong patient' }),
      ]).map((o) => o.id),
    ).toEqual(['o-1']);
    const options = shareableNoteOptions([
      note(),
      note({ id: 'n-draft', status: 'draft', signedAt: null }),
      note({ id: 'n-private', shareWithMedicalTeam: false }),
      note({ id: 'n-long', body: 'x'.repeat(200) }),
    ]);
    expect(options.map((o) => o.id)).toEqual(['n-1', 'n-long']);
    expect(options[0].label).toBe('Integration note, signed 21 Nov 2026: Integration: calm, slept well.');
    expect(options[1].label.endsWith('…')).toBe(true);
  });

  it.each([
    ['body', 'must say something', 'Message must say something'],
    ['include.noteIds[1]', 'is not shareable', 'Attached note 2 is not shareable'],
    [
      'include.sessionIds[0]',
      "must be one of this patient's sessions",
      "Attached session 1 must be one of this patient's sessions",
    ],
    ['other', 'is odd', 'other is odd'],
  ])('names the field %s in words', (field, problem, expected) => {
    expect(problemText(field, problem)).toBe(expected);
  });

  it('answers a 409 for want of a release with what to do, and a 400 with the named fields', () => {
    const conflict = new HttpErrorResponse({
      status: 409,
      error: { error: 'release_of_information_required', message: 'Nothing can be shared.' },
    });
    expect(composeError(conflict)).toEqual({ message: RELEASE_REQUIRED_MESSAGE, problems: [] });
    expect(RELEASE_REQUIRED_MESSAGE).toContain(
      'Record a signed, unexpired release of information in the care team panel',
    );
    const invalid = new HttpErrorResponse({
      status: 400,
      error: {
        error: 'validation_failed',
        message: 'Check the update.',
        details: [{ field: 'include.noteIds[0]', problem: 'is not shareable' }],
      },
    });
    expect(composeError(invalid)).toEqual({
      message: 'Check the update.',
      problems: ['Attached note 1 is not shareable'],
    });
  });

  it('checks the message before sending', () => {
    expect(composeProblems('   ', 10)).toHaveLength(1);
    expect(composeProblems('x'.repeat(11), 10)[0]).toContain('at most 10 characters');
    expect(composeProblems('Fine.', 10)).toEqual([]);
  });

  describe('a follow-up packet posted to the thread', () => {
    const packetText = [
      'FOLLOW-UP PACKET: Aiyana Redcloud',
      'Since 2026-11-01 (generated 2026-12-04T12:00:00.000Z)',
      '',
      'COURSE',
      'Indication: treatment-resistant depression',
    ].join('\n');

    it('shows as a card with its period in words and the packet page, led by the note sent with it', () => {
      const entry = threadEntry(
        statusUpdate({
          kind: 'follow_up',
          patientId: 'p-1',
          body: `Ready for Thursday: stay at 200 mg?\n\n${packetText}`,
        }),
        'practice',
      );
      expect(entry.kind).toBe('Follow-up');
      expect(entry.lead).toBe('Ready for Thursday: stay at 200 mg?');
      expect(entry.more).toBe('');
      expect(entry.packet).toEqual({
        title: 'Follow-up packet for 1 Nov – 4 Dec 2026',
        link: '/patients/p-1/packet',
        sentText: packetText,
      });
    });

    it('needs no note', () => {
      const entry = threadEntry(
        statusUpdate({ kind: 'follow_up', patientId: 'p-1', body: packetText }),
        'practice',
      );
      expect(entry.lead).toBe('');
      expect(entry.packet?.title).toBe('Follow-up packet for 1 Nov – 4 Dec 2026');
    });

    it('is only a packet when the kind is follow-up and the body starts as the API writes one', () => {
      expect(packetOf(statusUpdate({ kind: 'general', body: packetText }))).toBeNull();
      expect(packetOf(statusUpdate({ kind: 'follow_up', body: 'Next follow-up on Thursday.' }))).toBeNull();
      expect(
        threadEntry(statusUpdate({ kind: 'follow_up', body: 'Next follow-up on Thursday.' }), 'practice')
          .packet,
      ).toBeNull();
    });

    it('names the year on both ends when the period crosses a new year', () => {
      expect(packetPeriod('2025-12-20', '2026-01-04T12:00:00.000Z')).toBe('20 Dec 2025 – 4 Jan 2026');
      expect(packetPeriod('2026-11-01', 'not a date')).toBe('since 1 Nov 2026');
    });
  });
});
