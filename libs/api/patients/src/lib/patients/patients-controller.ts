import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  Ctx,
  Roles,
  UuidParam,
  type RequestContext,
  IfMatchHeader,
  IdempotencyKeyHeader,
} from '@kap/api/platform';
import type { Page, Patient, PatientForMedicalTeam, PatientSummary } from '@kap/shared/contracts';
import {
  ArchivePatientBody,
  CreatePatientBody,
  PatientListQuery,
  UpdatePatientBody,
} from './patient-requests';
import { PatientsService } from './patients-service';
import { PatientForMedicalTeamResponse, PatientResponse, PatientSummaryPage } from './patient-responses';

/** Contract: docs/api.md "Patients". Which patients a caller sees is decided in the service. */
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  @ApiOkResponse({ type: PatientSummaryPage })
  list(@Ctx() ctx: RequestContext, @Query() query: PatientListQuery): Promise<Page<PatientSummary>> {
    return this.patients.list(ctx, query);
  }

  @IdempotencyKeyHeader()
  @Post()
  @Roles('therapist', 'practice_admin')
  @ApiCreatedResponse({ type: PatientResponse })
  create(@Ctx() ctx: RequestContext, @Body() body: CreatePatientBody): Promise<Patient> {
    return this.patients.create(ctx, body);
  }

  @Get(':id')
  @ApiExtraModels(PatientResponse, PatientForMedicalTeamResponse)
  @ApiOkResponse({
    description: 'The full record for the practice; the reduced one for a medical-team reader.',
    schema: {
      anyOf: [
        { $ref: getSchemaPath(PatientResponse) },
        { $ref: getSchemaPath(PatientForMedicalTeamResponse) },
      ],
    },
  })
  get(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
  ): Promise<Patient | PatientForMedicalTeam> {
    return this.patients.get(ctx, id);
  }

  @IfMatchHeader()
  @Patch(':id')
  @Roles('therapist', 'practice_admin')
  @ApiOkResponse({ type: PatientResponse })
  update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdatePatientBody,
  ): Promise<Patient> {
    return this.patients.update(ctx, id, body);
  }

  @Delete(':id')
  @Roles('therapist', 'practice_admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  archive(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: ArchivePatientBody,
  ): Promise<void> {
    return this.patients.archive(ctx, id, body);
  }
}
