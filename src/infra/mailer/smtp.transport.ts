import { createTransport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { MailTransport, OutgoingEmail, SentEmail } from './mail-transport';

/** SMTP_URL (smtp:// or smtps://, user and password in the URL), with pooled connections reused across messages. */
export class SmtpTransport extends MailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo>;

  constructor(smtpUrl: string, options: { maxConnections?: number } = {}) {
    super();
    this.transporter = createTransport(smtpPoolOptions(smtpUrl, options.maxConnections ?? 5));
  }

  async send(email: OutgoingEmail): Promise<SentEmail> {
    const info = await this.transporter.sendMail({
      messageId: email.messageId,
      from: email.from,
      to: email.to,
      replyTo: email.replyTo ?? undefined,
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: email.headers,
    });
    return { messageId: info.messageId ?? email.messageId, response: String(info.response ?? '') };
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

export function smtpPoolOptions(smtpUrl: string, maxConnections: number): SMTPPool.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    pool: true,
    maxConnections,
    maxMessages: 100,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    // Bounded waits: a dead server turns into a retryable failure, not a hung job.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}
