import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyStore } from './api-keys/api-key-store';
import { ApiKeysController } from './api-keys/api-keys-controller';
import { ApiKeysRepository } from './api-keys/api-keys-repository';
import { ApiKeysService } from './api-keys/api-keys-service';
import { AuthController } from './auth/auth-controller';
import { AuthService } from './auth/auth-service';
import { LoginThrottle } from './auth/login-throttle';
import { OriginGuard } from './auth/origin-guard';
import { PublicRateLimit } from './auth/public-rate-limit';
import { SessionGuard } from './auth/session-guard';
import { SessionStore } from './auth/session-store';
import { SessionsRepository } from './auth/sessions-repository';
import { SignInRepository } from './auth/sign-in-repository';
import { MembersController } from './members/members-controller';
import { MembersRepository } from './members/members-repository';
import { MembersService } from './members/members-service';
import { OrganizationEntity } from './organization/organization-entity';
import { UserEntity } from './members/user-entity';
import { MfaAdminController } from './mfa/mfa-admin-controller';
import { MfaController } from './mfa/mfa-controller';
import { MfaChallengeService } from './mfa/mfa-challenge-service';
import { MfaEnrolmentService } from './mfa/mfa-enrolment-service';
import { MfaFactors } from './mfa/mfa-factors';
import { MfaPolicyService } from './mfa/mfa-policy-service';
import { MfaRepository } from './mfa/mfa-repository';
import { TotpAuthenticator } from './mfa/totp-authenticator';
import { OrganizationController } from './organization/organization-controller';
import { OrganizationRepository } from './organization/organization-repository';
import { OrganizationService } from './organization/organization-service';
import { PasswordController } from './password/password-controller';
import { PasswordHasher } from './password/password-hasher';
import { PasswordPolicy } from './password/password-policy';
import { PasswordService } from './password/password-service';
import { PasswordsRepository } from './password/passwords-repository';

/**
 * Who may call the API: sign-in with its second step, sessions and the guards every route passes
 * (origin, then session and role), passwords, team members, the organization, API keys. Needs
 * `PlatformModule` and `AuditModule`.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity, UserEntity])],
  controllers: [
    AuthController,
    MfaController,
    MfaAdminController,
    MembersController,
    OrganizationController,
    ApiKeysController,
    PasswordController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: OriginGuard },
    { provide: APP_GUARD, useClass: SessionGuard },
    ApiKeyStore,
    ApiKeysRepository,
    ApiKeysService,
    AuthService,
    LoginThrottle,
    MembersRepository,
    MembersService,
    MfaChallengeService,
    MfaEnrolmentService,
    MfaFactors,
    MfaPolicyService,
    MfaRepository,
    OrganizationService,
    OrganizationRepository,
    PasswordHasher,
    PasswordPolicy,
    PasswordService,
    PasswordsRepository,
    PublicRateLimit,
    SessionStore,
    SessionsRepository,
    SignInRepository,
    TotpAuthenticator,
  ],
  exports: [PasswordHasher, PublicRateLimit, SessionStore],
})
export class IdentityModule {}
