import { createHash, type Hash } from 'node:crypto';

/**
 * HMAC-SHA-256 with the audit key, as the trigger computes it (migration 1764980000000). The hash
 * states after the key's inner and outer pads are made once and copied per row, which is cheaper
 * than an Hmac object per row.
 */
function hmacHex(key: string): (text: string) => string {
  let bytes = Buffer.from(key, 'utf8');
  if (bytes.length > 64) bytes = createHash('sha256').update(bytes).digest();
  const block = Buffer.alloc(64);
  bytes.copy(block);
  const inner: Hash = createHash('sha256').update(block.map((b) => b ^ 0x36));
  const outer: Hash = createHash('sha256').update(block.map((b) => b ^ 0x5c));
  return (text) => outer.copy().update(inner.copy().update(text, 'utf8').digest()).digest('hex');
}
import { isLinked, scaleId } from './scale-ids';
import type { ScaleSize } from './scale-size';

/**
 * The audit trail of two years of use, as COPY text, with the hash chain computed exactly like the
 * `audit_event_chain` trigger (migration 1764980000000): hash = HMAC-SHA-256 with the audit key of
 * prev_hash|seq|id|at|…|detail,
 * `at` as UTC with microseconds, `detail` as jsonb prints it. The trigger is bypassed for the bulk
 * load (session_replication_role = replica), so `npm run audit:verify` is the proof that this
 * function and the trigger agree.
 */
export const AUDIT_COLUMNS =
  'seq, id, at, actor_id, actor_role, organization_id, action, entity_type, entity_id, patient_id, outcome, request_id, ip, detail, prev_hash, hash';

interface Action {
  action: string;
  entityType: string | null;
  /** Weight out of 100. */
  weight: number;
  patient: boolean;
  /** Exactly as jsonb prints it (keys by length, then bytes; ", " and ": "). */
  detail: string;
  entity: 'patient' | 'new' | 'none';
}

const ACTIONS: Action[] = [
  {
    action: 'patient.read',
    entityType: 'patient',
    weight: 25,
    patient: true,
    detail: '{}',
    entity: 'patient',
  },
  {
    action: 'outcome.trend',
    entityType: 'outcome',
    weight: 20,
    patient: true,
    detail: '{"instrument": "PHQ9"}',
    entity: 'none',
  },
  {
    action: 'session.list',
    entityType: 'session',
    weight: 14,
    patient: true,
    detail: '{"kind": null}',
    entity: 'none',
  },
  {
    action: 'outcome.list',
    entityType: 'outcome',
    weight: 8,
    patient: true,
    detail: '{"instrument": null}',
    entity: 'none',
  },
  { action: 'note.list', entityType: 'note', weight: 8, patient: true, detail: '{}', entity: 'none' },
  {
    action: 'session.create',
    entityType: 'session',
    weight: 6,
    patient: true,
    detail: '{"kind": "integration", "warnings": []}',
    entity: 'new',
  },
  {
    action: 'outcome.create',
    entityType: 'outcome',
    weight: 6,
    patient: true,
    detail: '{"instrument": "GAD7"}',
    entity: 'new',
  },
  {
    action: 'patient.list',
    entityType: 'patient',
    weight: 6,
    patient: false,
    detail: '{"searched": false}',
    entity: 'none',
  },
  {
    action: 'dashboard.read',
    entityType: 'patient',
    weight: 5,
    patient: false,
    detail: '{}',
    entity: 'none',
  },
  { action: 'auth.login', entityType: 'user', weight: 2, patient: false, detail: '{}', entity: 'none' },
];
const PICK: Action[] = ACTIONS.flatMap((a) => Array.from({ length: a.weight }, () => a));

/** mulberry32: a small seeded generator, so every run writes the same trail. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

export interface AuditChainStart {
  seq: number;
  prevHash: string;
  /** The audit key (AUDIT_KEY) the API verifies with. */
  key: string;
}

/**
 * Yields COPY text in chunks of `chunkRows` rows; `onRows` reports progress. Written for speed
 * (5,000,000 rows in well under a minute): everything that repeats is computed once, event and
 * request ids count up from the sequence number in a fixed uuid prefix instead of being random.
 */
export function* auditChunks(
  size: ScaleSize,
  now: Date,
  start: AuditChainStart,
  onRows: (done: number) => void,
  chunkRows = 10_000,
): Generator<string> {
  const random = prng(20261125);
  const total = size.auditEvents;
  const firstMs = now.getTime() - 730 * 86_400_000;
  const stepUs = Math.floor(((now.getTime() - 3_600_000 - firstMs) * 1000) / total);
  const perPractice = Math.ceil(size.therapists / size.practices);
  const patientIds = Array.from({ length: size.patients }, (_, n) => scaleId('p', n));
  const linked = Array.from({ length: size.patients }, (_, n) => isLinked(n));
  const therapists = Array.from({ length: size.therapists }, (_, t) => {
    const practice = Math.floor(t / perPractice);
    return {
      id: scaleId('u:t', t),
      practice,
      ip: `10.${practice % 250}.${Math.floor(t / 250) % 250}.${(t % 250) + 1}`,
    };
  });
  const practiceIds = Array.from({ length: size.practices }, (_, p) => practiceId(p));
  const adminIds = Array.from({ length: size.practices }, (_, p) => scaleId('u:a', p));
  const teamIds = Array.from({ length: size.medicalTeams }, (_, m) => medicalTeamId(m));
  const prescriberIds = Array.from({ length: size.medicalTeams }, (_, m) => scaleId('u:rx', m));
  const sha256Hex = hmacHex(start.key);
  let prevHash = start.prevHash;
  let day = -1;
  let dayText = '';
  let lines: string[] = [];
  for (let i = 0; i < total; i++) {
    const seq = start.seq + i;
    const n = Math.floor(random() * size.patients);
    const therapist = therapists[n % size.therapists];
    const who = random();
    const kind = PICK[Math.floor(random() * PICK.length)];
    let actorId = therapist.id;
    let role = 'therapist';
    let org = practiceIds[therapist.practice];
    let outcome = 'success';
    if (who >= 0.95) {
      const m = n % size.medicalTeams;
      [actorId, role, org] = [prescriberIds[m], 'prescriber', teamIds[m]];
      // Only linked patients are visible to their medical team; the rest are refusals.
      if (kind.patient && !linked[n]) outcome = 'denied';
    } else if (who >= 0.85) {
      [actorId, role] = [adminIds[therapist.practice], 'practice_admin'];
    }
    const seqHex = seq.toString(16).padStart(12, '0');
    const id = `a0d1e7e5-0000-4000-8000-${seqHex}`;
    const requestId = `5ca1e000-0000-4000-9000-${seqHex}`;
    const patientId = kind.patient ? patientIds[n] : '';
    const entityId =
      kind.entity === 'patient'
        ? patientId
        : kind.entity === 'new' && outcome === 'success'
          ? `0e5e7000-0000-4000-a000-${seqHex}`
          : kind.action === 'auth.login'
            ? actorId
            : '';
    const us = i * stepUs + Math.floor(random() * stepUs);
    const ms = firstMs + Math.floor(us / 1000);
    const dayNumber = Math.floor(ms / 86_400_000);
    if (dayNumber !== day) {
      day = dayNumber;
      dayText = new Date(day * 86_400_000).toISOString().slice(0, 10);
    }
    const inDay = ms - day * 86_400_000;
    const clock = `${TWO_DIGITS[Math.floor(inDay / 3_600_000)]}:${TWO_DIGITS[Math.floor(inDay / 60_000) % 60]}:${TWO_DIGITS[Math.floor(inDay / 1000) % 60]}.${String((inDay % 1000) * 1000 + (us % 1000)).padStart(6, '0')}`;
    const detail = outcome === 'denied' ? '{"error": "not_found"}' : kind.detail;
    const entityType = kind.entityType ?? '';
    const hash = sha256Hex(
      `${prevHash}|${seq}|${id}|${dayText}T${clock}|${actorId}|${role}|${org}|${kind.action}|${entityType}|${entityId}|${patientId}|${outcome}|${requestId}|${therapist.ip}|${detail}`,
    );
    lines.push(
      `${seq}\t${id}\t${dayText} ${clock}+00\t${actorId}\t${role}\t${org}\t${kind.action}\t${entityType || '\\N'}\t${entityId || '\\N'}\t${patientId || '\\N'}\t${outcome}\t${requestId}\t${therapist.ip}\t${detail}\t${prevHash}\t${hash}\n`,
    );
    prevHash = hash;
    if (lines.length === chunkRows) {
      yield lines.join('');
      lines = [];
      onRows(i + 1);
    }
  }
  if (lines.length > 0) yield lines.join('');
  onRows(total);
}

export const DEMO_PRACTICE_ID = '00000000-0000-4000-8000-000000000001';
export const DEMO_MEDICAL_TEAM_ID = '00000000-0000-4000-8000-000000000002';

/** Practice 0 and medical team 0 are the demo organizations, so the demo accounts sign in to them. */
export function practiceId(p: number): string {
  return p === 0 ? DEMO_PRACTICE_ID : scaleId('o:p', p);
}

export function medicalTeamId(m: number): string {
  return m === 0 ? DEMO_MEDICAL_TEAM_ID : scaleId('o:m', m);
}
