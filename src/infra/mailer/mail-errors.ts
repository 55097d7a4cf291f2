// Which failures are worth a retry. SMTP says it in the reply code: 4xx is "try again later",
// 5xx is "never" (550 no such user). Anything that never reached a reply (refused connection,
// timeout, dropped socket, DNS) is transient: the server may be back in a minute.

export interface SendFailure {
  permanent: boolean;
  /** A closed set, fit for a metric label: rejected | smtp_temporary | smtp_unavailable | smtp_auth | send_error */
  reason: 'rejected' | 'smtp_temporary' | 'smtp_unavailable' | 'smtp_auth' | 'send_error';
  /** Human-readable, without addresses (servers often echo the recipient). */
  detail: string;
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const connectionCodes = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETLS',
]);

export function classifySendError(error: unknown): SendFailure {
  const failure = (error ?? {}) as NodemailerError;
  const code = failure.responseCode;
  const detail = withoutAddresses(failure.response ?? failure.message ?? String(error)).slice(0, 500);
  // A wrong password is an operator's problem, not the recipient's: retry until it is fixed.
  if (failure.code === 'EAUTH') return { permanent: false, reason: 'smtp_auth', detail };
  if (typeof code === 'number' && code >= 500 && code < 600)
    return { permanent: true, reason: 'rejected', detail };
  if (typeof code === 'number' && code >= 400 && code < 500)
    return { permanent: false, reason: 'smtp_temporary', detail };
  if (failure.code && connectionCodes.has(failure.code))
    return { permanent: false, reason: 'smtp_unavailable', detail };
  return { permanent: false, reason: 'send_error', detail };
}

export function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>@"'(),;:]+@[^\s<>@"'(),;:]+/g, '[address]');
}
