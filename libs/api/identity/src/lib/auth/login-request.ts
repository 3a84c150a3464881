import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import type { LoginRequest } from '@kap/shared/contracts';

export class LoginBody implements LoginRequest {
  @IsString()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(1024)
  password!: string;
}
