import type { Io } from './io';

/** What the gateway answered: the status, the JSON body when it was JSON, and a one-line why. */
export interface GatewayAnswer {
  status: number;
  ok: boolean;
  json: unknown;
  /** `status: message; field: reason…`, for error lines. */
  why: string;
}

/** The gateway could not be reached at all (connection refused, DNS, timeout). */
export class GatewayUnreachable extends Error {}

/** One authenticated JSON call to the gateway, shared by the commands that talk to it. */
export async function callGateway(io: Io, base: string, token: string, method: string, path: string, body: unknown, timeoutMs: number): Promise<GatewayAnswer> {
  const doFetch = io.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new GatewayUnreachable(`gateway unreachable at ${base}: ${cause}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const message = (json as { message?: unknown } | undefined)?.message;
  const errors = (json as { errors?: { field: string; reason: string }[] } | undefined)?.errors ?? [];
  const why = [`${res.status}${typeof message === 'string' ? `: ${message}` : ''}`, ...errors.map((e) => `${e.field}: ${e.reason}`)].join('; ');
  return { status: res.status, ok: res.ok, json, why };
}
