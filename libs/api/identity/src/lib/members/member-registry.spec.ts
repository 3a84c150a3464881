import type { OrganizationKind, Role } from '@kap/shared/contracts';
import { ValidationFailed } from '@kap/shared/domain';
import { assertRoleFits } from './member-registry';

describe('assertRoleFits', () => {
  it.each<[OrganizationKind, Role]>([
    ['practice', 'therapist'],
    ['practice', 'practice_admin'],
    ['medical_team', 'prescriber'],
    ['medical_team', 'care_coordinator'],
  ])('lets a %s have a %s', (kind, role) => {
    expect(() => assertRoleFits(kind, role)).not.toThrow();
  });

  it.each<[OrganizationKind, Role]>([
    ['practice', 'prescriber'],
    ['practice', 'care_coordinator'],
    ['medical_team', 'therapist'],
    ['medical_team', 'practice_admin'],
  ])('refuses a %s a %s, naming the roles it may have', (kind, role) => {
    expect(() => assertRoleFits(kind, role)).toThrow(ValidationFailed);
  });
});
