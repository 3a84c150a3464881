import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { AcknowledgeAlertRequest } from '@kap/shared/contracts';
import { PageQuery } from '@kap/api/platform';

export class AcknowledgeAlertBody implements AcknowledgeAlertRequest {
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(2000)
  action?: string;
}

export class AlertsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['open', 'acknowledged'], { message: 'must be open or acknowledged' })
  status?: 'open' | 'acknowledged';

  @IsOptional()
  @IsUUID('all', { message: 'must be a patient id' })
  patientId?: string;
}
