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

/** A request body sent as it is, with its media type (e.g. JSON lines). */
export interface RawBody {
  contentType: string;
  text: string;
}

/** One authenticated request to the gateway; the answer is the Response itself (files, streams). */
export async function fetchGateway(io: Io, base: string, token: string | undefined, method: string, path: string, body: RawBody | undefined, timeoutMs: number): Promise<Response> {
  const doFetch = io.fetch ?? fetch;
  try {
    return await doFetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': body.contentType }),
      },
      body: body?.text,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new GatewayUnreachable(`gateway unreachable at ${base}: ${cause}`);
  }
}

/** Reads a gateway answer as JSON (when it is) with its one-line why. */
export async function readAnswer(res: Response): Promise<GatewayAnswer> {
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

/** One authenticated JSON call to the gateway, shared by the commands that talk to it. */
export async function callGateway(io: Io, base: string, token: string | undefined, method: string, path: string, body: unknown, timeoutMs: number): Promise<GatewayAnswer> {
  const raw = body === undefined ? undefined : { contentType: 'application/json', text: JSON.stringify(body) };
  return readAnswer(await fetchGateway(io, base, token, method, path, raw, timeoutMs));
}
