import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import type { CreateMemberRequest, Role, UpdateMemberRequest } from '@kap/shared/contracts';

const ROLES: Role[] = ['therapist', 'practice_admin', 'prescriber', 'care_coordinator'];
const VISIBLE_TEXT = /\S/;

export class CreateMemberBody implements CreateMemberRequest {
  @IsString()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @IsString()
  @Matches(VISIBLE_TEXT, { message: 'must not be empty' })
  @MaxLength(120)
  displayName!: string;

  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  @MaxLength(256)
  password!: string;
}

export class UpdateMemberBody implements UpdateMemberRequest {
  @IsOptional()
  @IsString()
  @Matches(VISIBLE_TEXT, { message: 'must not be empty' })
  @MaxLength(120)
  displayName?: string;

  @IsOptional()
  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
