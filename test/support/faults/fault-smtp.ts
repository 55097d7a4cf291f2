import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// An SMTP server for fault tests: counts every attempt, records the Message-ID of every message it
// acknowledged, can refuse with any reply code, and can take its time before acknowledging (so that
// a worker can be killed with messages in flight).

export interface FaultSmtpServer {
  url: string;
  /** Message-IDs of acknowledged messages, in order, duplicates included. */
  acknowledged: string[];
  /** Messages whose acknowledgement found the client gone (killed mid-send): the client may resend them. */
  unacknowledged: string[];
  /** Every acknowledged message as sent: envelope recipients and raw text. */
  messages: Array<{ recipients: string[]; raw: string }>;
  /** RCPT TO attempts, refused ones included. */
  attempts: number;
  refuse(code: number | null): void;
  delayMs: number;
  acknowledgedFor(domain: string): string[];
  close(): Promise<void>;
}

export async function startFaultSmtpServer(): Promise<FaultSmtpServer> {
  let refusal: number | null = null;
  const state = {
    acknowledged: [] as string[],
    unacknowledged: [] as string[],
    messages: [] as Array<{ recipients: string[]; raw: string }>,
    attempts: 0,
    delayMs: 0,
  };
  const closedSessions = new Set<string>();
  const server = new SMTPServer({
    onClose(session) {
      closedSessions.add(session.id);
    },
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      state.attempts += 1;
      if (refusal !== null) {
        const error = new Error(
          refusal >= 500 ? '5.1.1 No such user here' : '4.3.0 Try again later',
        ) as Error & {
          responseCode: number;
        };
        error.responseCode = refusal;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
        const messageId = /^Message-ID:\s*(\S+)/im.exec(headers)?.[1] ?? '(none)';
        const recipients = session.envelope.rcptTo.map((recipient) => recipient.address).join(',');
        setTimeout(() => {
          // Recorded at the moment the server acknowledges: this is what a client may not send twice.
          const entry = `${messageId} ${recipients}`;
          if (closedSessions.has(session.id)) state.unacknowledged.push(entry);
          else {
            state.acknowledged.push(entry);
            state.messages.push({ recipients: session.envelope.rcptTo.map((to) => to.address), raw });
          }
          callback();
        }, state.delayMs);
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
    get acknowledged() {
      return state.acknowledged;
    },
    get messages() {
      return state.messages;
    },
    get unacknowledged() {
      return state.unacknowledged;
    },
    get attempts() {
      return state.attempts;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    refuse(code) {
      refusal = code;
    },
    acknowledgedFor(fragment) {
      return state.acknowledged
        .filter((entry) => entry.includes(fragment))
        .map((entry) => entry.split(' ')[0]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
