import { isNonRetryable } from './errors';

/**
 * What a handler failure means for its record:
 * - `transient`: a dependency is briefly unavailable (connection refused or reset, timeouts,
 *   Postgres serialization failures, deadlocks and shutdowns, S3 5xx or throttling, LLM 5xx or
 *   429). The record is healthy: it is retried for as long as it takes, its partition paused.
 * - `poison`: anything else. Retried a bounded number of times, then dead-lettered.
 */
export type FailureClass = 'poison' | 'transient';

/** Node system error codes (net, dns, undici) of a dependency that did not answer. */
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * Postgres SQLSTATEs retrying fixes: serialization failure, deadlock, too many connections,
 * admin/crash shutdown, cannot connect now, lock not available (lock_timeout), statement
 * cancelled by a timeout. Class 08 (connection exceptions) is matched as a class.
 */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '53300', '57P01', '57P02', '57P03', '55P03', '57014']);

/** Error classes (by name, so no SDK is imported here) that only ever mean "not now". */
const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'AbortError',
  // openai
  'APIConnectionError',
  'APIConnectionTimeoutError',
  'InternalServerError',
  'RateLimitError',
  // @aws-sdk / smithy
  'ThrottlingException',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
  'ServiceUnavailable',
  'InternalError',
]);

/** pg and pg-pool errors about a lost or refused connection carry no code, only these messages. */
const TRANSIENT_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /^Query read timeout/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

type Shape = {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  status?: unknown;
  statusCode?: unknown;
  retriable?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
};

/**
 * Classifies a handler's failure (see FailureClass). An error that says retrying cannot help
 * (`NonRetryableError`, `ContractError`, `ValidationError`, a `ZodError`) is poison whatever it
 * wraps; otherwise the error, its `cause` chain, TypeORM's `driverError` and an AggregateError's
 * `errors` are searched for a transient sign.
 */
export function classifyFailure(err: unknown): FailureClass {
  if (isNonRetryable(err) || nameOf(err) === 'ZodError') return 'poison';
  return isTransient(err, 0) ? 'transient' : 'poison';
}

function isTransient(err: unknown, depth: number): boolean {
  if (err === null || typeof err !== 'object' || depth > 5) return false;
  const e = err as Shape;
  if (isNonRetryable(err) || nameOf(err) === 'ZodError') return false;
  if (typeof e.code === 'string' && transientCode(e.code)) return true;
  if (classNames(err).some((n) => TRANSIENT_NAMES.has(n))) return true;
  const status = httpStatus(e);
  if (status !== undefined && (status >= 500 || status === 429 || status === 408)) return true;
  // @aws-sdk marks throttling and transient server errors; kafkajs marks its retriable errors.
  if (e.$retryable || e.retriable === true) return true;
  if (typeof e.message === 'string' && TRANSIENT_MESSAGES.some((re) => re.test(e.message as string))) return true;
  const nested = [e.cause, e.driverError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return nested.some((n) => n !== err && isTransient(n, depth + 1));
}

function transientCode(code: string): boolean {
  if (TRANSIENT_SYSTEM_CODES.has(code) || TRANSIENT_SQLSTATES.has(code)) return true;
  if (/^08[0-9A-Z]{3}$/.test(code)) return true; // SQLSTATE class 08: connection exception
  return code === 'UNAVAILABLE'; // @verity/storage: S3 did not answer
}

/** The HTTP status an SDK error carries: @aws-sdk's `$metadata.httpStatusCode`, openai's `status`. */
function httpStatus(e: Shape): number | undefined {
  for (const v of [e.$metadata?.httpStatusCode, e.status, e.statusCode]) if (typeof v === 'number') return v;
  return undefined;
}

function nameOf(err: unknown): string | undefined {
  const name = (err as Shape | null | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** The error's `name` and its class names up the prototype chain (openai's classes keep name = 'Error'). */
function classNames(err: object): string[] {
  const names: string[] = [];
  const n = nameOf(err);
  if (n) names.push(n);
  for (let p = Object.getPrototypeOf(err); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const c = (p as { constructor?: { name?: string } }).constructor?.name;
    if (c && c !== 'Error') names.push(c);
  }
  return names;
}
