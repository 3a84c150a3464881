import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { CreateWebhookRequest } from '@kap/shared/contracts';

export class CreateWebhookBody implements CreateWebhookRequest {
  /** Checked against the address rules in the service (they depend on configuration). */
  @IsString()
  @MaxLength(2000)
  url!: string;

  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be empty; leave it out instead' })
  @MaxLength(200)
  description?: string;
}
