import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelAdapter, OutgoingMessage, SendOutcome } from '../channel.js';

/** Email through an SMTP server (nodemailer). 5xx replies are permanent, the rest transient. */
export class SmtpEmailChannel implements ChannelAdapter {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    private readonly options: {
      url: string;
      from: string;
      timeoutMs: number;
    },
  ) {
    const url = new URL(options.url);
    const secure = url.protocol === 'smtps:';
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port || (secure ? 465 : 587)),
      secure,
      ...(url.username
        ? {
            auth: {
              user: decodeURIComponent(url.username),
              pass: decodeURIComponent(url.password),
            },
          }
        : {}),
      // a local development server has no certificate worth checking; production uses smtps
      ignoreTLS: url.searchParams.get('ignoreTLS') === 'true',
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
  }

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: message.address,
        subject: `【双创平台】${message.notice.title}`,
        text: message.notice.body,
      });
      return { ok: true };
    } catch (error) {
      const responseCode = (error as { responseCode?: number }).responseCode;
      return {
        ok: false,
        permanent: responseCode !== undefined && responseCode >= 500,
        code: responseCode ? `smtp-${responseCode}` : 'network',
        message: String((error as Error).message ?? error).slice(0, 500),
      };
    }
  }

  close(): void {
    this.transport.close();
  }
}
