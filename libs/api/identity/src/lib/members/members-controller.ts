import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import type { OrganizationMember, Page } from '@kap/shared/contracts';
import { Ctx, PageQuery, type RequestContext, Roles, UuidParam } from '@kap/api/platform';
import { CreateMemberBody, UpdateMemberBody } from './member-requests';
import { MembersService } from './members-service';

@Controller('users')
@Roles('practice_admin')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<OrganizationMember>> {
    return this.members.list(ctx, query);
  }

  @Post()
  create(@Ctx() ctx: RequestContext, @Body() body: CreateMemberBody): Promise<OrganizationMember> {
    return this.members.create(ctx, body);
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<OrganizationMember> {
    return this.members.get(ctx, id);
  }

  @Patch(':id')
  update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateMemberBody,
  ): Promise<OrganizationMember> {
    return this.members.update(ctx, id, body);
  }
}
