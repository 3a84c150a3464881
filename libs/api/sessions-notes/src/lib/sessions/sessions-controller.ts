import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import {
  Ctx,
  Roles,
  UuidParam,
  type RequestContext,
  IfMatchHeader,
  IdempotencyKeyHeader,
} from '@kap/api/platform';
import type { Page, Session } from '@kap/shared/contracts';
import { CreateSessionBody, SessionsQuery, UpdateSessionBody } from './session-requests';
import { SessionsService } from './sessions-service';
import { SessionPage, SessionResponse } from './session-responses';

/** Contract: docs/api.md "Treatment courses and sessions" (session rows). */
@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @IdempotencyKeyHeader()
  @Post('patients/:id/sessions')
  @Roles('therapist')
  @ApiCreatedResponse({ type: SessionResponse })
  create(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Body() body: CreateSessionBody,
  ): Promise<Session> {
    return this.sessions.create(ctx, patientId, body);
  }

  @Get('patients/:id/sessions')
  @ApiOkResponse({ type: SessionPage })
  list(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Query() query: SessionsQuery,
  ): Promise<Page<Session>> {
    return this.sessions.list(ctx, patientId, query);
  }

  @Get('sessions/:id')
  @ApiOkResponse({ type: SessionResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<Session> {
    return this.sessions.get(ctx, id);
  }

  @IfMatchHeader()
  @Patch('sessions/:id')
  @Roles('therapist')
  @ApiOkResponse({ type: SessionResponse })
  update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateSessionBody,
  ): Promise<Session> {
    return this.sessions.update(ctx, id, body);
  }
}
