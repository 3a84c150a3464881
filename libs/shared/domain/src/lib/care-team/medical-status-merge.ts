/**
 * The medical team's status is an append-only history of entries, each stating only what changed.
 * What holds at a moment is the merge of that history, field by field (docs/api.md "Orders, status and
 * the dose"): the API shows it as `current`, and the dose checks judge a dose against it.
 */

/** Whether the medical team has cleared the patient for KAP (`Eligibility` in the contract). */
export type StatusEligibility = 'pending_intake' | 'eligible' | 'medical_clearance_required' | 'not_eligible';

/** The prescription as the medical team stated it (`Prescription` in the contract). */
export interface StatusPrescription {
  status: 'none' | 'active' | 'paused' | 'discontinued';
  dosesAuthorized?: number | null;
  route?: string | null;
}

/** The fields of an entry that the merge takes one by one; `null` means the entry does not state it. */
export const MEDICAL_STATUS_FIELDS = [
  'eligibility',
  'prescription',
  'nextFollowUpDue',
  'monitoring',
] as const;
export type MedicalStatusField = (typeof MEDICAL_STATUS_FIELDS)[number];

/** One entry of the history, as far as the merge looks at it; callers may pass wider records. */
export interface MedicalStatusEntry {
  id: string;
  /** ISO-8601 instant the entry was true from. */
  asOf: string;
  /** ISO-8601 instant it was recorded: orders entries with the same `asOf`. */
  createdAt: string;
  eligibility: StatusEligibility | null;
  prescription: StatusPrescription | null;
  /** `YYYY-MM-DD` */
  nextFollowUpDue: string | null;
  monitoring: string | null;
}

/** The `asOf` of the entry each merged field's value comes from; absent when no entry states it. */
export type MedicalStatusFieldsAsOf = Partial<Record<MedicalStatusField, string>>;

/** The newest entry's own record, each field replaced by the newest value stated, with its `asOf`. */
export type MergedMedicalStatus<T extends MedicalStatusEntry> = T & { fieldsAsOf: MedicalStatusFieldsAsOf };

/**
 * Newest first, exactly as the SQL `medicalStatusOrder` sorts: `asOf` descending, then `createdAt`
 * descending, then `id` descending.
 */
export function newestStatusFirst(a: MedicalStatusEntry, b: MedicalStatusEntry): number {
  return (
    Date.parse(b.asOf) - Date.parse(a.asOf) ||
    Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}

/**
 * Merges the status history: each of `eligibility`, `prescription`, `nextFollowUpDue` and
 * `monitoring` holds the value of the newest entry that states it (non-null), and `fieldsAsOf`
 * that entry's `asOf`; everything else (id, asOf, source, note, author) is the newest entry's.
 * A note-only entry therefore blanks nothing. With `asOf`, only entries with `asOf` at or before
 * it count: the status as it stood then (a dose is judged against the status at the dose).
 * Null when no entry counts. The entries may come in any order.
 */
export function mergeMedicalStatus<T extends MedicalStatusEntry>(
  entries: readonly T[],
  asOf?: string,
): MergedMedicalStatus<T> | null {
  const until = asOf === undefined ? Infinity : Date.parse(asOf);
  const counted = entries.filter((entry) => Date.parse(entry.asOf) <= until).sort(newestStatusFirst);
  if (counted.length === 0) return null;
  const merged: MergedMedicalStatus<T> = { ...counted[0], fieldsAsOf: {} };
  for (const field of MEDICAL_STATUS_FIELDS) {
    const stating = counted.find((entry) => entry[field] !== null && entry[field] !== undefined);
    (merged as MedicalStatusEntry)[field] = (stating?.[field] ?? null) as never;
    if (stating) merged.fieldsAsOf[field] = stating.asOf;
  }
  return merged;
}
