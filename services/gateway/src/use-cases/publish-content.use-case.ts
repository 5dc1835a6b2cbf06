import { Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { TOPICS } from '@verity/contracts';
import { DATA_SOURCE, EventRuntime, FieldError } from '@verity/service-runtime';
import { validate } from '@verity/service-runtime';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { toContentEvent } from '../events/content-event.mapper';
import { ContentInput, contentSchema } from '../http/content.schemas';

export interface LineError {
  line: number;
  status: 400 | 413;
  message: string;
  errors?: FieldError[];
}

/**
 * A producer offers content: validated, then written to the gateway's outbox for content.v1 in
 * one transaction (ingestion consumes it like any upstream event). Text above the limit: 413.
 */
@Injectable()
export class PublishContentUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly events: EventRuntime,
  ) {}

  /** Validates one body: 400 naming fields, 413 with the limit. */
  check(body: unknown): ContentInput {
    const input = validate(contentSchema, body);
    const bytes = input.text === undefined ? 0 : Buffer.byteLength(input.text, 'utf8');
    const limit = this.config.CONTENT_TEXT_MAX_BYTES;
    if (bytes > limit) throw new PayloadTooLargeException(`text is ${bytes} bytes; the limit is ${limit} bytes (use payloadRef for larger content)`);
    return input;
  }

  async publish(caller: Principal, inputs: ContentInput[]): Promise<string[]> {
    if (inputs.length === 0) return [];
    const events = inputs.map((c) => toContentEvent(c, caller));
    await this.ds.transaction(async (tx) => {
      for (const e of events) await this.events.outbox.enqueue(tx, TOPICS.content, e);
    });
    this.events.relay.kick();
    return events.map((e) => e.envelope!.eventId);
  }

  /** NDJSON: every line checked on its own; valid lines published together, faulty ones reported by line number. */
  async publishBatch(caller: Principal, ndjson: string): Promise<{ accepted: { line: number; eventId: string }[]; rejected: LineError[] }> {
    const valid: { line: number; input: ContentInput }[] = [];
    const rejected: LineError[] = [];
    ndjson.split('\n').forEach((raw, i) => {
      const line = i + 1;
      if (!raw.trim()) return;
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch (err) {
        rejected.push({ line, status: 400, message: `malformed JSON: ${(err as Error).message}` });
        return;
      }
      try {
        valid.push({ line, input: this.check(body) });
      } catch (err) {
        const res = (err as { getResponse?: () => unknown; getStatus?: () => number });
        if (!res.getResponse) throw err;
        const r = res.getResponse() as { message: string; errors?: FieldError[] };
        rejected.push({ line, status: res.getStatus!() as 400 | 413, message: r.message, errors: r.errors });
      }
    });
    const ids = await this.publish(caller, valid.map((v) => v.input));
    return { accepted: valid.map((v, k) => ({ line: v.line, eventId: ids[k] })), rejected };
  }
}
