import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IfPresent, PageQuery } from '@kap/api/platform';
import {
  NOTE_KINDS,
  type CreateAddendumRequest,
  type CreateNoteRequest,
  type NoteKind,
  type UpdateNoteRequest,
} from '@kap/shared/contracts';

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
/** About 30 pages of text: a note, not a document store (the body limit is 1 MiB anyway). */
export const NOTE_MAX_LENGTH = 100_000;

export class CreateNoteBody implements CreateNoteRequest {
  @IsIn(NOTE_KINDS, oneOf(NOTE_KINDS))
  kind!: NoteKind;

  @IsOptional()
  @IsUUID('all', { message: 'must be a session id' })
  sessionId?: string | null;

  @IsString({ message: 'must be text' })
  @MaxLength(NOTE_MAX_LENGTH)
  @ApiProperty({ maxLength: NOTE_MAX_LENGTH })
  body!: string;

  @IsBoolean({ message: 'must be true or false' })
  shareWithMedicalTeam!: boolean;
}

/** Drafts only. `null` unlinks the session. */
export class UpdateNoteBody implements UpdateNoteRequest {
  @IfPresent()
  @IsIn(NOTE_KINDS, oneOf(NOTE_KINDS))
  kind?: NoteKind;

  @IsOptional()
  @IsUUID('all', { message: 'must be a session id' })
  sessionId?: string | null;

  @IfPresent()
  @IsString({ message: 'must be text' })
  @MaxLength(NOTE_MAX_LENGTH)
  @ApiProperty({ maxLength: NOTE_MAX_LENGTH })
  body?: string;

  @IfPresent()
  @IsBoolean({ message: 'must be true or false' })
  shareWithMedicalTeam?: boolean;
}

export class CreateAddendumBody implements CreateAddendumRequest {
  @IsString({ message: 'must be text' })
  @Matches(/\S/, { message: 'must say what is added or corrected' })
  @MaxLength(NOTE_MAX_LENGTH)
  @ApiProperty({ maxLength: NOTE_MAX_LENGTH })
  body!: string;

  @IsString({ message: 'must be text' })
  @Matches(/\S/, { message: 'must say why the note needs it' })
  @MaxLength(2000)
  reason!: string;
}

export class NotesQuery extends PageQuery {
  @IsOptional()
  @IsIn(NOTE_KINDS, oneOf(NOTE_KINDS))
  kind?: NoteKind;
}
