import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, Roles, UuidParam, type RequestContext } from '@kap/api/platform';
import type { FhirBundle } from '@kap/shared/domain';
import { FhirExportService } from './fhir-export-service';
import { FhirBundleResponse } from './fhir-export-responses';

/** Contract: docs/api.md "Audit and export". */
@Controller()
export class FhirExportController {
  constructor(private readonly fhir: FhirExportService) {}

  /** Always FHIR JSON, whatever `Accept` says; an error stays the API's usual JSON error. */
  @Get('patients/:id/fhir')
  @Roles('therapist', 'practice_admin')
  @ApiExtraModels(FhirBundleResponse)
  @ApiOkResponse({
    content: { 'application/fhir+json': { schema: { $ref: getSchemaPath(FhirBundleResponse) } } },
  })
  async export(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FhirBundle> {
    const bundle = await this.fhir.export(ctx, patientId);
    reply.header('content-type', 'application/fhir+json; charset=utf-8');
    return bundle;
  }
}
