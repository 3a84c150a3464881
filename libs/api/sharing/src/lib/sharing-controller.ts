import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  Ctx,
  PageQuery,
  Roles,
  UuidParam,
  type RequestContext,
  IdempotencyKeyHeader,
} from '@kap/api/platform';
import type {
  Dashboard,
  Disclosure,
  FollowUpPacket,
  Page,
  StatusUpdate,
  UnreadCounts,
} from '@kap/shared/contracts';
import { DashboardService } from './dashboard/dashboard-service';
import { DisclosuresService } from './disclosures/disclosures-service';
import { FollowUpPacketService } from './packet/follow-up-packet-service';
import { PacketQuery } from './packet/packet-requests';
import { CreateStatusUpdateBody, SendFollowUpPacketBody } from './thread/status-update-requests';
import { StatusUpdatesService } from './thread/status-updates-service';
import {
  StatusUpdatePage,
  StatusUpdateResponse,
  UnreadCountsResponse,
} from './thread/status-update-responses';
import { DisclosurePage } from './disclosures/disclosure-responses';
import { FollowUpPacketResponse } from './packet/follow-up-packet-responses';
import { DashboardResponse } from './dashboard/dashboard-responses';

/** Contract: docs/api.md "Alerts, care-team updates, dashboard" (thread, disclosures, packet, dashboard). */
@Controller()
export class SharingController {
  constructor(
    private readonly updates: StatusUpdatesService,
    private readonly disclosures: DisclosuresService,
    private readonly packets: FollowUpPacketService,
    private readonly dashboard: DashboardService,
  ) {}

  @Get('patients/:id/status-updates')
  @ApiOkResponse({ type: StatusUpdatePage })
  listUpdates(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Query() query: PageQuery,
  ): Promise<Page<StatusUpdate>> {
    return this.updates.list(ctx, patientId, query);
  }

  @IdempotencyKeyHeader()
  @Post('patients/:id/status-updates')
  @Roles('therapist', 'prescriber', 'care_coordinator')
  @ApiCreatedResponse({ type: StatusUpdateResponse })
  createUpdate(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Body() body: CreateStatusUpdateBody,
  ): Promise<StatusUpdate> {
    return this.updates.create(ctx, patientId, body);
  }

  @Get('status-updates/unread')
  @ApiOkResponse({ type: UnreadCountsResponse })
  unread(@Ctx() ctx: RequestContext): Promise<UnreadCounts> {
    return this.updates.unread(ctx);
  }

  @Post('status-updates/:id/acknowledge')
  @Roles('therapist', 'prescriber', 'care_coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: StatusUpdateResponse })
  acknowledge(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<StatusUpdate> {
    return this.updates.acknowledge(ctx, id);
  }

  @Get('patients/:id/disclosures')
  @Roles('therapist', 'practice_admin')
  @ApiOkResponse({ type: DisclosurePage })
  listDisclosures(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Query() query: PageQuery,
  ): Promise<Page<Disclosure>> {
    return this.disclosures.list(ctx, patientId, query);
  }

  /** JSON, or with `Accept: text/plain` the copy-paste text. */
  @Get('patients/:id/follow-up-packet')
  @ApiExtraModels(FollowUpPacketResponse)
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(FollowUpPacketResponse) } },
      'text/plain': { schema: { type: 'string' } },
    },
  })
  async packet(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Query() query: PacketQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpPacket | string> {
    const asText = prefersText(accept);
    const result = await this.packets.get(ctx, patientId, query.since, asText);
    if (asText) reply.header('content-type', 'text/plain; charset=utf-8');
    return result;
  }

  @IdempotencyKeyHeader()
  @Post('patients/:id/follow-up-packet/send')
  @Roles('therapist')
  @ApiCreatedResponse({ type: StatusUpdateResponse })
  sendPacket(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Body() body: SendFollowUpPacketBody,
  ): Promise<StatusUpdate> {
    return this.packets.send(ctx, patientId, body);
  }

  @Get('dashboard')
  @ApiOkResponse({ type: DashboardResponse })
  getDashboard(@Ctx() ctx: RequestContext): Promise<Dashboard> {
    return this.dashboard.get(ctx);
  }
}

/** text/plain when the client names it before (or instead of) JSON. */
function prefersText(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const text = types.indexOf('text/plain');
  const json = types.indexOf('application/json');
  return text !== -1 && (json === -1 || text < json);
}
