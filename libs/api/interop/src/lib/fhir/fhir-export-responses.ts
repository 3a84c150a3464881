import { ApiProperty } from '@nestjs/swagger';
import type { FhirBundle, FhirResource } from '@kap/shared/domain';

/** One resource of the bundle (Patient, Observation, Procedure…), as FHIR R4 JSON. */
export class FhirBundleEntryResponse implements Readonly<FhirBundle['entry'][number]> {
  fullUrl!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, required: ['resourceType'] })
  resource!: FhirResource;
}

/** The patient's record as a FHIR R4 `collection` Bundle (docs/api.md "Audit and export"). */
export class FhirBundleResponse implements FhirBundle {
  [element: string]: unknown;
  resourceType!: 'Bundle';
  id?: string;
  type!: 'collection';
  timestamp!: string;
  entry!: FhirBundleEntryResponse[];
}
