import { toAddendum, toNote, type AddendumRow, type NoteRow } from './note-mapper';

const note: NoteRow = {
  id: 'n1',
  patient_id: 'p1',
  kind: 'integration',
  session_id: 's1',
  body: 'Integration went well.',
  share_with_medical_team: true,
  status: 'signed',
  signed_at: new Date('2026-03-02T12:00:00.000Z'),
  author_id: 'u1',
  author_name: 'Dr Therapist',
  version: 3,
  created_at: new Date('2026-03-02T10:00:00.000Z'),
  updated_at: new Date('2026-03-02T12:00:00.000Z'),
};

const addendum = (id: string, noteId: string): AddendumRow => ({
  id,
  note_id: noteId,
  body: `Addendum ${id}.`,
  reason: 'Correction',
  author_id: 'u1',
  author_name: 'Dr Therapist',
  created_at: new Date('2026-03-03T09:00:00.000Z'),
});

describe('toNote', () => {
  it('maps a signed note with its own addenda only', () => {
    expect(toNote(note, [addendum('a1', 'n1'), addendum('a2', 'n2'), addendum('a3', 'n1')])).toEqual({
      id: 'n1',
      patientId: 'p1',
      kind: 'integration',
      sessionId: 's1',
      body: 'Integration went well.',
      shareWithMedicalTeam: true,
      status: 'signed',
      signedAt: '2026-03-02T12:00:00.000Z',
      author: { id: 'u1', displayName: 'Dr Therapist' },
      addenda: [toAddendum(addendum('a1', 'n1')), toAddendum(addendum('a3', 'n1'))],
      version: 3,
      createdAt: '2026-03-02T10:00:00.000Z',
      updatedAt: '2026-03-02T12:00:00.000Z',
    });
  });

  it('gives a draft no signing time', () => {
    expect(toNote({ ...note, status: 'draft', signed_at: null }, []).signedAt).toBeNull();
  });
});

describe('toAddendum', () => {
  it('names its note and author', () => {
    expect(toAddendum(addendum('a1', 'n1'))).toEqual({
      id: 'a1',
      noteId: 'n1',
      body: 'Addendum a1.',
      reason: 'Correction',
      author: { id: 'u1', displayName: 'Dr Therapist' },
      createdAt: '2026-03-03T09:00:00.000Z',
    });
  });
});
