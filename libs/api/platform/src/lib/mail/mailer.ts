import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Mail over SMTP_URL (nodemailer). Without SMTP_URL nothing is sent and `send` answers false.
 * A send never throws: a mail server that is down is logged and the caller goes on (the person who
 * asked still has what the mail would have carried). Short timeouts, so a request that mails
 * waits seconds at worst, not nodemailer's default minutes.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtpUrl
      ? createTransport({
          url: config.smtpUrl,
          connectionTimeout: 3000,
          greetingTimeout: 3000,
          socketTimeout: 5000,
        })
      : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** True when the server accepted the message. */
  async send(mail: OutgoingMail): Promise<boolean> {
    if (!this.transport) return false;
    try {
      await this.transport.sendMail({
        from: this.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
      return true;
    } catch (error) {
      // The address and the text stay out of the log: the code and the server's answer are enough.
      const reason =
        error instanceof Error
          ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
          : String(error);
      this.logger.warn(`A mail could not be sent (${reason}).`);
      return false;
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
