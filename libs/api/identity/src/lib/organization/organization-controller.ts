import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { OrganizationSettings } from '@kap/shared/contracts';
import { Ctx, type RequestContext, Roles } from '@kap/api/platform';
import { UpdateOrganizationBody } from './organization-requests';
import { OrganizationService } from './organization-service';
import { OrganizationSettingsResponse } from './organization-responses';

/** The caller's own organization: every member reads its settings; its admin changes them. */
@Controller('organization')
export class OrganizationController {
  constructor(private readonly organizations: OrganizationService) {}

  @Get()
  @ApiOkResponse({ type: OrganizationSettingsResponse })
  get(@Ctx() ctx: RequestContext): Promise<OrganizationSettings> {
    return this.organizations.get(ctx);
  }

  @Patch()
  @Roles('practice_admin', 'care_coordinator')
  @ApiOkResponse({ type: OrganizationSettingsResponse })
  update(@Ctx() ctx: RequestContext, @Body() body: UpdateOrganizationBody): Promise<OrganizationSettings> {
    return this.organizations.update(ctx, body);
  }
}
