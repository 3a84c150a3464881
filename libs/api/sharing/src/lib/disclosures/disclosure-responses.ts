import { PersonRefResponse } from '@kap/api/platform';
import type { Disclosure, DisclosureSource, Page } from '@kap/shared/contracts';

export class DisclosureRecipientResponse implements Readonly<Disclosure['recipient']> {
  organizationId!: string;
  name!: string;
}

export class DisclosedItemsResponse implements Readonly<Disclosure['what']> {
  categories!: string[];
  sessionIds!: string[];
  outcomeIds!: string[];
  noteIds!: string[];
}

/** One entry of the accounting of disclosures: when, by whom, to whom, what, why. */
export class DisclosureResponse implements Disclosure {
  id!: string;
  patientId!: string;
  disclosedAt!: string;
  disclosedBy!: PersonRefResponse;
  recipient!: DisclosureRecipientResponse;
  source!: DisclosureSource;
  statusUpdateId!: string | null;
  what!: DisclosedItemsResponse;
  purpose!: string;
}

export class DisclosurePage implements Page<Disclosure> {
  items!: DisclosureResponse[];
  nextCursor!: string | null;
}
