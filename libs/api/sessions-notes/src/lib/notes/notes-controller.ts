import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import {
  Ctx,
  Roles,
  UuidParam,
  type RequestContext,
  IfMatchHeader,
  IdempotencyKeyHeader,
} from '@kap/api/platform';
import type { Addendum, Note, Page } from '@kap/shared/contracts';
import { CreateAddendumBody, CreateNoteBody, NotesQuery, UpdateNoteBody } from './note-requests';
import { NotesService } from './notes-service';
import { AddendumResponse, NotePage, NoteResponse } from './note-responses';

/** Contract: docs/api.md "Notes". */
@Controller()
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @IdempotencyKeyHeader()
  @Post('patients/:id/notes')
  @Roles('therapist')
  @ApiCreatedResponse({ type: NoteResponse })
  create(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Body() body: CreateNoteBody,
  ): Promise<Note> {
    return this.notes.create(ctx, patientId, body);
  }

  @Get('patients/:id/notes')
  @ApiOkResponse({ type: NotePage })
  list(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) patientId: string,
    @Query() query: NotesQuery,
  ): Promise<Page<Note>> {
    return this.notes.list(ctx, patientId, query);
  }

  @Get('notes/:id')
  @ApiOkResponse({ type: NoteResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<Note> {
    return this.notes.get(ctx, id);
  }

  @IfMatchHeader()
  @Patch('notes/:id')
  @Roles('therapist')
  @ApiOkResponse({ type: NoteResponse })
  update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateNoteBody,
  ): Promise<Note> {
    return this.notes.update(ctx, id, body);
  }

  @Post('notes/:id/sign')
  @Roles('therapist')
  @HttpCode(200)
  @ApiOkResponse({ type: NoteResponse })
  sign(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<Note> {
    return this.notes.sign(ctx, id);
  }

  @IdempotencyKeyHeader()
  @Post('notes/:id/addenda')
  @Roles('therapist')
  @ApiCreatedResponse({ type: AddendumResponse })
  addAddendum(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: CreateAddendumBody,
  ): Promise<Addendum> {
    return this.notes.addAddendum(ctx, id, body);
  }
}
