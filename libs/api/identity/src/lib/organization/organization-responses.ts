import type { OrganizationKind, OrganizationSettings } from '@kap/shared/contracts';

/** The caller's own organization and its settings. */
export class OrganizationSettingsResponse implements OrganizationSettings {
  id!: string;
  name!: string;
  kind!: OrganizationKind;
  /** Hours (1–168) a side may leave an urgent alert unacknowledged before it escalates. */
  escalateAfterHours!: number;
  /** IANA time zone whose calendar dates every rule of this organization's patients counts in. */
  timeZone!: string;
}
