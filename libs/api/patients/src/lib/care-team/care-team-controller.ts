import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { Ctx, PageQuery, Roles, UuidParam, type RequestContext } from '@kap/api/core';
import type { CareTeam, MedicalTeam, Page } from '@kap/shared/contracts';
import { ReplaceCareTeamBody } from './care-team-requests';
import { CareTeamService } from './care-team-service';

/** Contract: docs/api.md "Care team, release of information, medical status". */
@Controller()
export class CareTeamController {
  constructor(private readonly careTeam: CareTeamService) {}

  @Get('medical-teams')
  medicalTeams(@Query() query: PageQuery): Promise<Page<MedicalTeam>> {
    return this.careTeam.medicalTeams(query);
  }

  @Put('patients/:id/care-team')
  @Roles('therapist', 'practice_admin')
  replace(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: ReplaceCareTeamBody,
  ): Promise<CareTeam> {
    return this.careTeam.replace(ctx, id, body);
  }
}
