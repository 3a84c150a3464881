import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsCalendarDate, PageQuery } from '@kap/api/core';
import {
  CONDITIONS,
  type ArchivePatientRequest,
  type Condition,
  type CreatePatientRequest,
  type UpdatePatientRequest,
} from '@kap/shared/contracts';

const VISIBLE_TEXT = /\S/;
const NOT_EMPTY = { message: 'must not be empty' };
const CONDITION_LIST = { each: true, message: `must list only these conditions: ${CONDITIONS.join(', ')}` };
const PHONE = /^[0-9+()./\s-]{3,40}$/;
const PHONE_MESSAGE = { message: 'must be a phone number (digits, spaces, +, -, parentheses)' };
const present = (_: object, value: unknown) => value !== undefined;

export class CreatePatientBody implements CreatePatientRequest {
  @IsString()
  @Matches(VISIBLE_TEXT, NOT_EMPTY)
  @MaxLength(100)
  givenName!: string;

  @IsString()
  @Matches(VISIBLE_TEXT, NOT_EMPTY)
  @MaxLength(100)
  familyName!: string;

  @IsCalendarDate()
  dateOfBirth!: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  preferredName?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  pronouns?: string | null;

  @IsOptional()
  @IsString()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @IsOptional()
  @IsString()
  @Matches(PHONE, PHONE_MESSAGE)
  phone?: string | null;

  @IsArray({ message: 'must be a list of conditions (it may be empty)' })
  @ArrayMaxSize(CONDITIONS.length)
  @IsIn(CONDITIONS, CONDITION_LIST)
  conditions!: Condition[];

  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalRef?: string | null;

  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a therapist of this practice' })
  primaryTherapistId?: string;
}

/** Every field may be left out; the optional ones may be `null` to clear them, the required ones not. */
export class UpdatePatientBody implements UpdatePatientRequest {
  @ValidateIf(present)
  @IsString()
  @Matches(VISIBLE_TEXT, NOT_EMPTY)
  @MaxLength(100)
  givenName?: string;

  @ValidateIf(present)
  @IsString()
  @Matches(VISIBLE_TEXT, NOT_EMPTY)
  @MaxLength(100)
  familyName?: string;

  @ValidateIf(present)
  @IsCalendarDate()
  dateOfBirth?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  preferredName?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  pronouns?: string | null;

  @IsOptional()
  @IsString()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @IsOptional()
  @IsString()
  @Matches(PHONE, PHONE_MESSAGE)
  phone?: string | null;

  @ValidateIf(present)
  @IsArray({ message: 'must be a list of conditions (it may be empty)' })
  @ArrayMaxSize(CONDITIONS.length)
  @IsIn(CONDITIONS, CONDITION_LIST)
  conditions?: Condition[];

  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalRef?: string | null;

  @ValidateIf(present)
  @IsUUID('all', { message: 'must be the id of a therapist of this practice' })
  primaryTherapistId?: string;
}

export class ArchivePatientBody implements ArchivePatientRequest {
  @IsString()
  @Matches(VISIBLE_TEXT, { message: 'must say why the record is archived' })
  @MaxLength(500)
  reason!: string;
}

/** `?q=&cursor=&limit=`: `q` is the start of a name, any case, accents optional. */
export class PatientListQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
