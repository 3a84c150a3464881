import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { Ctx, Roles, UuidParam, type RequestContext, IdempotencyKeyHeader } from '@kap/api/platform';
import type { MedicalStatus, MedicalStatusHistory } from '@kap/shared/contracts';
import { CreateMedicalStatusBody } from './medical-status-requests';
import { MedicalStatusService } from './medical-status-service';
import { MedicalStatusHistoryResponse, MedicalStatusResponse } from './medical-status-responses';

/** Contract: docs/api.md "Care team, release of information, medical status". */
@Controller('patients/:id/medical-status')
export class MedicalStatusController {
  constructor(private readonly status: MedicalStatusService) {}

  @Get()
  @ApiOkResponse({ type: MedicalStatusHistoryResponse })
  history(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<MedicalStatusHistory> {
    return this.status.history(ctx, id);
  }

  @IdempotencyKeyHeader()
  @Post()
  @Roles('prescriber', 'care_coordinator', 'therapist')
  @ApiCreatedResponse({ type: MedicalStatusResponse })
  record(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: CreateMedicalStatusBody,
  ): Promise<MedicalStatus> {
    return this.status.record(ctx, id, body);
  }
}
