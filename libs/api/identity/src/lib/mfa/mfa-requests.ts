import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import type { MfaCodeRequest, MfaPolicy, MfaPolicyRequest, MfaVerifyRequest } from '@kap/shared/contracts';

const VISIBLE_TEXT = /\S/;
const POLICIES: MfaPolicy[] = ['optional', 'required'];

/** A code as typed: the service tells app codes from recovery codes (and says what is wrong). */
export class MfaCodeBody implements MfaCodeRequest {
  @IsString()
  @Matches(VISIBLE_TEXT, { message: 'must not be empty' })
  @MaxLength(32)
  code!: string;
}

export class MfaVerifyBody extends MfaCodeBody implements MfaVerifyRequest {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: 'must be the challenge from the sign-in answer' })
  challenge!: string;
}

export class MfaPolicyBody implements MfaPolicyRequest {
  @IsIn(POLICIES, { message: `must be one of ${POLICIES.join(', ')}` })
  policy!: MfaPolicy;
}
