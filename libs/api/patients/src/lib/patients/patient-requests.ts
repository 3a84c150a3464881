import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { FieldRules, IfPresent, IsCalendarDate, PageQuery } from '@kap/api/platform';
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

// One rule per field, shared by the create body and the partial update.
const PersonName = () => FieldRules(IsString(), Matches(VISIBLE_TEXT, NOT_EMPTY), MaxLength(100));
const OptionalText = (maxLength: number) => FieldRules(IsOptional(), IsString(), MaxLength(maxLength));
const OptionalEmail = () =>
  FieldRules(IsOptional(), IsString(), IsEmail({}, { message: 'must be an email address' }), MaxLength(254));
const OptionalPhone = () => FieldRules(IsOptional(), IsString(), Matches(PHONE, PHONE_MESSAGE));
const ConditionList = () =>
  FieldRules(
    IsArray({ message: 'must be a list of conditions (it may be empty)' }),
    ArrayMaxSize(CONDITIONS.length),
    IsIn(CONDITIONS, CONDITION_LIST),
  );
const TherapistId = () => IsUUID('all', { message: 'must be the id of a therapist of this practice' });

export class CreatePatientBody implements CreatePatientRequest {
  @PersonName()
  givenName!: string;

  @PersonName()
  familyName!: string;

  @IsCalendarDate()
  dateOfBirth!: string;

  @OptionalText(100)
  preferredName?: string | null;

  @OptionalText(40)
  pronouns?: string | null;

  @OptionalEmail()
  email?: string | null;

  @OptionalPhone()
  phone?: string | null;

  @ConditionList()
  conditions!: Condition[];

  @OptionalText(100)
  externalRef?: string | null;

  @IsOptional()
  @TherapistId()
  primaryTherapistId?: string;
}

/** Every field may be left out; the optional ones may be `null` to clear them, the required ones not. */
export class UpdatePatientBody implements UpdatePatientRequest {
  @IfPresent()
  @PersonName()
  givenName?: string;

  @IfPresent()
  @PersonName()
  familyName?: string;

  @IfPresent()
  @IsCalendarDate()
  dateOfBirth?: string;

  @OptionalText(100)
  preferredName?: string | null;

  @OptionalText(40)
  pronouns?: string | null;

  @OptionalEmail()
  email?: string | null;

  @OptionalPhone()
  phone?: string | null;

  @IfPresent()
  @ConditionList()
  conditions?: Condition[];

  @OptionalText(100)
  externalRef?: string | null;

  @IfPresent()
  @TherapistId()
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
