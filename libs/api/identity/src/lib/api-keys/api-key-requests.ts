import { IsString, Matches, MaxLength } from 'class-validator';
import type { CreateApiKeyRequest } from '@kap/shared/contracts';

export class CreateApiKeyBody implements CreateApiKeyRequest {
  /** What the key is for ("Clinic EHR nightly sync"): the list and the audit trail show it. */
  @IsString()
  @Matches(/\S/, { message: 'must say what the key is for, e.g. "Clinic EHR"' })
  @MaxLength(80)
  name!: string;
}
