// The mail transport port: the one abstraction with two implementations (SMTP, .eml files).
// Everything above it speaks in finished messages; nothing below it knows about notifications.

export interface MailAddress {
  name?: string;
  address: string;
}

export interface OutgoingEmail {
  /** Complete with angle brackets, e.g. "<0b6c...@example.com>": the same on every retry of one notification. */
  messageId: string;
  from: MailAddress;
  to: string;
  replyTo?: string | null;
  subject: string;
  text: string;
  html: string;
  /** Extra headers such as List-Unsubscribe; values must already be single lines. */
  headers?: Record<string, string>;
}

export interface SentEmail {
  messageId: string;
  /** What the server answered (SMTP: "250 2.0.0 Ok: queued as ..."; files: the path written). */
  response: string;
}

export abstract class MailTransport {
  abstract readonly name: string;
  abstract send(email: OutgoingEmail): Promise<SentEmail>;
  /** Closes pooled connections; called once the workers have stopped. */
  abstract close(): Promise<void>;
}

/** MAIL_FROM as given ("keepwarm@example.com" or "Name <keepwarm@example.com>"): the address part. */
export function mailFromAddress(mailFrom: string): string {
  const match = /<([^<>\s]+)>\s*$/.exec(mailFrom);
  return (match ? match[1] : mailFrom).trim();
}

/** The domain used on the right of Message-IDs: the sender's, so that they look like any other mail's. */
export function messageIdDomain(mailFrom: string): string {
  const address = mailFromAddress(mailFrom);
  const domain = address.slice(address.lastIndexOf('@') + 1).replace(/[^A-Za-z0-9.-]/g, '');
  return domain || 'keepwarm';
}
