import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, TooManyAttempts } from '@kap/shared/domain';
import type { MfaChallenge, SignedInUser } from '@kap/shared/contracts';
import { AuditLog } from '@kap/api/audit';
import type { Actor } from '@kap/api/platform';
import type { ClientInfo } from './client-info';
import { LoginThrottle } from './login-throttle';
import { MfaChallengeService } from '../mfa/mfa-challenge-service';
import type { MfaVerifyBody } from '../mfa/mfa-requests';
import { PasswordHasher } from '../password/password-hasher';
import { SessionStore } from './session-store';
import type { LoginBody } from './login-request';
import { SignInRepository, type SignedInUserRow } from './sign-in-repository';

export type { ClientInfo } from './client-info';

/** A correct password opens a session, or asks for the second step first. */
export type LoginOutcome =
  | { user: SignedInUser; token: string; challenge?: undefined }
  | { challenge: MfaChallenge };

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly signIn: SignInRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly mfa: MfaChallengeService,
  ) {}

  async login(body: LoginBody, client: ClientInfo): Promise<LoginOutcome> {
    const emailKey = body.email.trim().toLowerCase();
    const gate = await this.throttle.signInGate(emailKey, client.ip);
    if (gate.retryAfterSeconds > 0) {
      await this.audit.record({
        ...this.loginAudit(client, 'failure'),
        detail: { reason: 'throttled', email: emailKey },
      });
      throw new TooManyAttempts(gate.retryAfterSeconds);
    }
    // Many failures from many addresses: slow down rather than lock the owner out.
    if (gate.slowdownMs > 0) await new Promise((done) => setTimeout(done, gate.slowdownMs));
    const row = await this.signIn.candidate(emailKey);
    const passwordOk = await this.passwords.verify(row?.password_hash ?? null, body.password);
    if (!row || !passwordOk || !row.active) {
      const reason = !row ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'inactive';
      await this.dataSource.transaction(async (manager) => {
        await this.throttle.recordFailure(manager, emailKey, client.ip);
        await this.audit.record(
          {
            ...this.loginAudit(client, 'failure'),
            entityId: row?.id ?? null,
            detail: {
              reason,
              email: emailKey,
              ...(gate.slowdownMs > 0 ? { slowedMs: gate.slowdownMs } : {}),
            },
          },
          manager,
        );
      });
      throw new DomainError('invalid_credentials', 'The email or password is not right.');
    }
    const user = toUser(row);
    const challenge = await this.mfa.secondStepFor(user, client);
    if (challenge) return { challenge };
    const { token } = await this.dataSource.transaction((manager) =>
      this.openSession(manager, user, client, {}),
    );
    return { user, token };
  }

  /** The second step of a sign-in: a code for the challenge the password step answered. */
  async verifyMfa(
    body: MfaVerifyBody,
    client: ClientInfo,
  ): Promise<{ user: SignedInUser; token: string; recoveryCodes?: string[] }> {
    return this.mfa.verifyChallenge(body, client, async (manager, userId, detail) => {
      const row = await this.signIn.activeUser(manager, userId);
      // Deactivated between the two steps: the same answer as a wrong password.
      if (!row) throw new DomainError('invalid_credentials', 'The email or password is not right.');
      const user = toUser(row);
      const { token } = await this.openSession(manager, user, client, detail);
      return { user, token };
    });
  }

  /** A session, and the `auth.login` success event that says so: one per signed-in session. */
  private async openSession(
    manager: EntityManager,
    user: SignedInUser,
    client: ClientInfo,
    detail: Record<string, unknown>,
  ): Promise<{ token: string; sessionId: string }> {
    const opened = await this.sessions.open(manager, user.id, client.ip, client.userAgent);
    await this.audit.record(
      {
        ...this.loginAudit(client, 'success'),
        actorId: user.id,
        actorRole: user.role,
        organizationId: user.organizationId,
        entityId: user.id,
        detail: { sessionId: opened.sessionId, ...detail },
      },
      manager,
    );
    return opened;
  }

  async logout(actor: Actor, client: ClientInfo): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(manager, actor.sessionId);
      await this.audit.record(
        {
          action: 'auth.logout',
          outcome: 'success',
          actorId: actor.id,
          actorRole: actor.role,
          organizationId: actor.organizationId,
          entityType: 'session',
          entityId: actor.sessionId,
          requestId: client.requestId,
          ip: client.ip,
        },
        manager,
      );
    });
  }

  /** Who is signed in, from the session the guard checked: no query of its own (P2). */
  me(actor: Actor): SignedInUser {
    return {
      id: actor.id,
      email: actor.email,
      displayName: actor.displayName,
      role: actor.role,
      organizationId: actor.organizationId,
      organizationKind: actor.organizationKind,
      organizationTimeZone: actor.organizationTimeZone,
    };
  }

  private loginAudit(client: ClientInfo, outcome: 'success' | 'failure') {
    return {
      action: 'auth.login',
      outcome,
      entityType: 'user',
      requestId: client.requestId,
      ip: client.ip,
    } as const;
  }
}

function toUser(row: SignedInUserRow): SignedInUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    organizationId: row.organization_id,
    organizationKind: row.kind,
    organizationTimeZone: row.time_zone,
  };
}
