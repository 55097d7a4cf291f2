import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport';
import { MailTransport, OutgoingEmail, SentEmail } from './mail-transport';

/**
 * No SMTP_URL: each message is built exactly as SMTP would carry it (RFC 822) and written to
 * MAIL_OUTBOX_DIR as <message id>.eml, for the demo and for development. A resend overwrites the same file.
 */
export class EmlFileTransport extends MailTransport {
  readonly name = 'eml-file';
  private readonly transporter: Transporter<StreamTransport.SentMessageInfo>;
  readonly directory: string;

  constructor(directory: string) {
    super();
    this.directory = resolve(directory);
    this.transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
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
    await mkdir(this.directory, { recursive: true });
    const file = join(this.directory, `${fileNameOf(email.messageId)}.eml`);
    // Write then rename: a reader never sees half a message.
    const partial = `${file}.partial`;
    await writeFile(partial, info.message as Buffer);
    await rename(partial, file);
    return { messageId: info.messageId ?? email.messageId, response: `written ${file}` };
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

function fileNameOf(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_');
}
