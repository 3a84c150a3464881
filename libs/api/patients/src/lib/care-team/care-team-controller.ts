import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Ctx, PageQuery, Roles, UuidParam, type RequestContext } from '@kap/api/platform';
import type { CareTeam, MedicalTeam, Page } from '@kap/shared/contracts';
import { ReplaceCareTeamBody } from './care-team-requests';
import { CareTeamService } from './care-team-service';
import { CareTeamResponse, MedicalTeamPage } from './care-team-responses';

/** Contract: docs/api.md "Care team, release of information, medical status". */
@Controller()
export class CareTeamController {
  constructor(private readonly careTeam: CareTeamService) {}

  @Get('medical-teams')
  @ApiOkResponse({ type: MedicalTeamPage })
  medicalTeams(@Query() query: PageQuery): Promise<Page<MedicalTeam>> {
    return this.careTeam.medicalTeams(query);
  }

  @Put('patients/:id/care-team')
  @Roles('therapist', 'practice_admin')
  @ApiOkResponse({ type: CareTeamResponse })
  replace(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: ReplaceCareTeamBody,
  ): Promise<CareTeam> {
    return this.careTeam.replace(ctx, id, body);
  }
}
