import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { CreatePsychotherapyNoteRequest } from '@kap/shared/contracts';
import { NOTE_MAX_LENGTH } from '../notes/note-requests';

export class CreatePsychotherapyNoteBody implements CreatePsychotherapyNoteRequest {
  @IsString({ message: 'must be text' })
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(NOTE_MAX_LENGTH)
  @ApiProperty({ maxLength: NOTE_MAX_LENGTH })
  body!: string;

  @IsOptional()
  @IsUUID('all', { message: 'must be a session id' })
  sessionId?: string | null;
}
