import type { Role } from '@kap/shared/contracts';

/** How roles read on screen; the codes are for machines. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  therapist: 'Therapist',
  practice_admin: 'Practice admin',
  prescriber: 'Prescriber',
  care_coordinator: 'Care coordinator',
};
