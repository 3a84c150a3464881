import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import {
  Ctx,
  PageQuery,
  Roles,
  UuidParam,
  type RequestContext,
  IdempotencyKeyHeader,
} from '@kap/api/platform';
import type { Page, PsychotherapyNote } from '@kap/shared/contracts';
import { CreatePsychotherapyNoteBody } from './psychotherapy-note-requests';
import { PsychotherapyNotesService } from './psychotherapy-notes-service';
import { PsychotherapyNotePage, PsychotherapyNoteResponse } from './psychotherapy-note-responses';

/**
 * Contract: docs/api.md "Notes" (psychotherapy notes). Only a therapist writes one; reading is open to
 * every role at the door and answered 404 to anyone but the author (a practice admin included).
 */
@Controller()
export class PsychotherapyNotesController {
  constructor(private readonly notes: PsychotherapyNotesService) {}

  @IdempotencyKeyHeader()
  @Post('patients/:id/psychotherapy-notes')
  @Roles('therapist')
  @ApiCreatedResponse({ type: PsychotherapyNoteResponse })
  create(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Body() body: CreatePsychotherapyNoteBody,
  ): Promise<PsychotherapyNote> {
    return this.notes.create(ctx, patientId, body);
  }

  @Get('patients/:id/psychotherapy-notes')
  @ApiOkResponse({ type: PsychotherapyNotePage })
  listOwn(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Query() query: PageQuery,
  ): Promise<Page<PsychotherapyNote>> {
    return this.notes.listOwn(ctx, patientId, query);
  }

  @Get('psychotherapy-notes/:id')
  @ApiOkResponse({ type: PsychotherapyNoteResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<PsychotherapyNote> {
    return this.notes.get(ctx, id);
  }
}
