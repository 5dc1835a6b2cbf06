import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Principal, signServiceToken } from '@verity/auth';
import { servedMediaType } from '@verity/storage';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { UpstreamClient, UpstreamRequest } from './upstream.client';

// @types/express is not installed: the part of the response used here.
export interface HttpResponse {
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

/** Set on every streamed answer whatever the upstream said: nothing served through it runs or is cached. */
const STREAM_SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'private, no-store',
  'content-security-policy': "default-src 'none'; sandbox",
  'cross-origin-resource-policy': 'same-origin',
};

/** How a streamed answer is made safe, beyond the forced security headers. */
export interface StreamOptions {
  /**
   * Types this route serves as downloads (e.g. a release's JSONL, Parquet and JSON files): an
   * upstream 200/206 of one of them keeps it (parameters dropped) and is always an attachment,
   * with the upstream's `attachment; filename=…` when it sent one. Any other type goes through
   * the media allow-list as usual.
   */
  downloadTypes?: readonly string[];
  /** How long the upstream may take to send its headers (default UPSTREAM_TIMEOUT_MS): an answer checked whole before it starts. */
  headersTimeoutMs?: number;
}

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** An id as a path segment; anything else is 404 (ids are never passed through raw). */
export function segment(id: string): string {
  if (!ID.test(id) || id === '.' || id === '..') throw new NotFoundException('not found');
  return encodeURIComponent(id);
}

export function queryOf(q: Record<string, unknown>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (typeof v === 'string') query.append(k, v);
  return query;
}

/**
 * Forwards an authenticated caller's request. The upstream gets a short-lived token the gateway
 * signs for the caller and for that upstream only (same subject and roles, audience
 * `verity:<service>`; a machine key's projects), so people and machine keys alike reach it with
 * one kind of credential, no upstream needs to know API keys, and no service accepts a person's
 * token or another service's.
 */
@Injectable()
export class Forwarder {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async forward(
    to: UpstreamClient,
    p: Principal,
    headers: Record<string, string>,
    res: HttpResponse,
    req: Omit<UpstreamRequest, 'authorization' | 'traceparent'>,
  ): Promise<void> {
    const token = signServiceToken(p, to.name, this.config.JWT_SECRET);
    const out = await to.forward({ ...req, authorization: `Bearer ${token}`, traceparent: headers.traceparent });
    res.status(out.status).setHeader('content-type', out.contentType);
    res.send(out.body);
  }

  /**
   * Forwards a GET whose answer is streamed (media): `Range` and `If-Range` go along; the status
   * and the media headers (type, length, range, accept-ranges, cache, disposition, nosniff, CSP)
   * come back and the body is piped to the client as it arrives, never buffered. A client that
   * goes away aborts the upstream call. The media type is made safe again here (script-capable
   * → octet-stream attachment), unless it is one of `opts.downloadTypes`, and the security
   * headers are forced, whatever the upstream sent.
   */
  async stream(
    to: UpstreamClient,
    p: Principal,
    headers: Record<string, string>,
    res: ServerResponse,
    path: string,
    opts: StreamOptions = {},
  ): Promise<void> {
    const token = signServiceToken(p, to.name, this.config.JWT_SECRET);
    const out = await to.stream({
      path,
      authorization: `Bearer ${token}`,
      traceparent: headers.traceparent,
      range: headers.range,
      ifRange: headers['if-range'],
      headersTimeoutMs: opts.headersTimeoutMs,
    });
    const h = { ...out.headers };
    const upstreamType = (h['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if ((out.status === 200 || out.status === 206) && opts.downloadTypes?.includes(upstreamType)) {
      // A download (release files): its data type stays, always as an attachment.
      h['content-type'] = upstreamType;
      if (!/^attachment(;|$)/i.test(h['content-disposition'] ?? '')) h['content-disposition'] = 'attachment';
    } else if (out.status === 200 || out.status === 206) {
      const type = servedMediaType(h['content-type']);
      h['content-type'] = type.contentType;
      if (type.attachment) h['content-disposition'] = 'attachment';
    } else {
      // An error answer (404, 416…): JSON or plain text, as forward() returns them.
      h['content-type'] = (h['content-type'] ?? '').includes('json') ? 'application/json' : 'text/plain; charset=utf-8';
    }
    Object.assign(h, STREAM_SECURITY_HEADERS);
    res.statusCode = out.status;
    for (const [name, value] of Object.entries(h)) res.setHeader(name, value);
    if (!out.body) {
      res.end();
      return;
    }
    const body = out.body;
    await new Promise<void>((resolve) => pipeline(body, res, () => resolve()));
  }
}
