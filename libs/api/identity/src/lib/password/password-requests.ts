import { IsString, MaxLength, MinLength } from 'class-validator';
import type { ChangePasswordRequest, ResetPasswordRequest } from '@kap/shared/contracts';

// The rules for a new password (length, e-mail, common passwords) are PasswordPolicy's: one place,
// one message naming `newPassword`. Here only the shape and an upper bound for the hash's input.

export class ChangePasswordBody implements ChangePasswordRequest {
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(1024)
  currentPassword!: string;

  @IsString()
  @MaxLength(256)
  newPassword!: string;
}

export class ResetPasswordBody implements ResetPasswordRequest {
  @IsString()
  @MaxLength(200)
  token!: string;

  @IsString()
  @MaxLength(256)
  newPassword!: string;
}
