import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import type { OrganizationMember, Page } from '@kap/shared/contracts';
import {
  Ctx,
  PageQuery,
  type RequestContext,
  Roles,
  UuidParam,
  IfMatchHeader,
  IdempotencyKeyHeader,
} from '@kap/api/platform';
import { CreateMemberBody, UpdateMemberBody } from './member-requests';
import { MembersService } from './members-service';
import { OrganizationMemberPage, OrganizationMemberResponse } from './member-responses';

@Controller('users')
@Roles('practice_admin')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOkResponse({ type: OrganizationMemberPage })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<OrganizationMember>> {
    return this.members.list(ctx, query);
  }

  @IdempotencyKeyHeader()
  @Post()
  @ApiCreatedResponse({ type: OrganizationMemberResponse })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateMemberBody): Promise<OrganizationMember> {
    return this.members.create(ctx, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganizationMemberResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<OrganizationMember> {
    return this.members.get(ctx, id);
  }

  @IfMatchHeader()
  @Patch(':id')
  @ApiOkResponse({ type: OrganizationMemberResponse })
  update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateMemberBody,
  ): Promise<OrganizationMember> {
    return this.members.update(ctx, id, body);
  }
}
