import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Ctx, Roles, UuidParam, type RequestContext } from '@kap/api/core';
import type { Page, Patient, PatientForMedicalTeam, PatientSummary } from '@kap/shared/contracts';
import {
  ArchivePatientBody,
  CreatePatientBody,
  PatientListQuery,
  UpdatePatientBody,
} from './patient-requests';
import { PatientsService } from './patients-service';

/** Contract: docs/api.md "Patients". Which patients a caller sees is decided in the service. */
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  list(@Ctx() ctx: RequestContext, @Query() query: PatientListQuery): Promise<Page<PatientSummary>> {
    return this.patients.list(ctx, query);
  }

  @Post()
  @Roles('therapist', 'practice_admin')
  create(@Ctx() ctx: RequestContext, @Body() body: CreatePatientBody): Promise<Patient> {
    return this.patients.create(ctx, body);
  }

  @Get(':id')
  get(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
  ): Promise<Patient | PatientForMedicalTeam> {
    return this.patients.get(ctx, id);
  }

  @Patch(':id')
  @Roles('therapist', 'practice_admin')
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
  archive(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: ArchivePatientBody,
  ): Promise<void> {
    return this.patients.archive(ctx, id, body);
  }
}
