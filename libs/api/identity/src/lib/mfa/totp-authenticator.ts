import { Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import { toString as qrToString } from 'qrcode';
import { TOTP_PERIOD_SECONDS } from '@kap/shared/domain';
import type { MfaEnrolment } from '@kap/shared/contracts';
import { Clock } from '@kap/api/platform';

export const TOTP_ISSUER = 'KAP Care';

export type TotpCheck = { valid: true; timeStep: number } | { valid: false; replayed: boolean };

/**
 * RFC 6238 codes (SHA-1, 6 digits, 30 s: what every authenticator app does by default) on the
 * injected clock, so tests can move time. One step either side is accepted for phone clocks that
 * drift and for people who type slowly; never a step at or before the last one accepted.
 */
@Injectable()
export class TotpAuthenticator {
  constructor(private readonly clock: Clock) {}

  newSecret(): string {
    return generateSecret({ length: 20 });
  }

  async enrolment(secret: string, accountName: string): Promise<MfaEnrolment> {
    const otpauthUri = generateURI({
      issuer: TOTP_ISSUER,
      label: accountName,
      secret,
      period: TOTP_PERIOD_SECONDS,
    });
    const qrSvg = await qrToString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUri, qrSvg };
  }

  async check(secret: string, code: string, lastTimeStep: number | null): Promise<TotpCheck> {
    const epoch = Math.floor(this.clock.now().getTime() / 1000);
    const options = {
      secret,
      token: code,
      epoch,
      period: TOTP_PERIOD_SECONDS,
      epochTolerance: TOTP_PERIOD_SECONDS,
    };
    const result = await verify(
      lastTimeStep === null ? options : { ...options, afterTimeStep: lastTimeStep },
    );
    if (result.valid && 'timeStep' in result) return { valid: true, timeStep: result.timeStep };
    // Tell a replay from a wrong code, for the audit trail only: the person hears the same answer.
    const replayed = lastTimeStep !== null && (await verify(options)).valid;
    return { valid: false, replayed };
  }
}
