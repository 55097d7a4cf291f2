import type { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

// A real SMTP server in the test process: captures every message it accepts, and can be told to
// refuse recipients with a 4xx (try later) or 5xx (never) reply for the next N attempts.

export interface CapturedMail {
  parsed: ParsedMail;
  raw: string;
  envelopeTo: string[];
}

export interface TestSmtpServer {
  url: string;
  messages: CapturedMail[];
  /** The next `times` RCPT commands are answered `code message` (e.g. 451 or 550). */
  refuseNext(times: number, code: number, message?: string): void;
  /** Every RCPT is answered `code` until reset. */
  refuseAll(code: number, message?: string): void;
  reset(): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: CapturedMail[] = [];
  let refusal: { remaining: number; code: number; message: string } | null = null;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refusal && refusal.remaining > 0) {
        refusal.remaining -= 1;
        const error = new Error(refusal.message) as Error & { responseCode: number };
        error.responseCode = refusal.code;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            messages.push({
              parsed,
              raw: raw.toString('utf8'),
              envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  // A client that dies mid-session (a worker killed with SIGKILL) resets its socket; smtp-server reports
  // that as an 'error' event, which must not end the test process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseNext(times, code, message = code >= 500 ? '5.1.1 No such user here' : '4.3.0 Try again later') {
      refusal = { remaining: times, code, message };
    },
    refuseAll(code, message = code >= 500 ? '5.1.1 No such user here' : '4.3.0 Try again later') {
      refusal = { remaining: Number.POSITIVE_INFINITY, code, message };
    },
    reset() {
      refusal = null;
    },
    async waitForMessages(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`Expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
