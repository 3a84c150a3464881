import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '@kap/api/platform';

/** `?since=YYYY-MM-DD`: the packet covers what happened on or after this day. */
export class PacketQuery {
  @IsOptional()
  @IsCalendarDate()
  since?: string;
}
