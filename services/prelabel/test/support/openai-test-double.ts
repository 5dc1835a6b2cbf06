import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One programmed reply of the test double. */
export type Reply =
  | { kind: 'answer'; content: string | null; refusal?: string; promptTokens?: number; completionTokens?: number }
  | { kind: 'status'; status: number; retryAfter?: number }
  | { kind: 'hang'; ms: number };

/**
 * TEST DOUBLE of an OpenAI-compatible endpoint: POST /v1/chat/completions answers from a queue of
 * programmed replies (the last one repeats) and records every request body. Not a model.
 */
export class OpenAiTestDouble {
  readonly requests: { body: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  private replies: Reply[] = [];
  private server?: Server;
  private accepts: (body: any) => boolean = () => true; // eslint-disable-line @typescript-eslint/no-explicit-any

  /**
   * Answers only requests the predicate accepts; any other gets a 503 and is neither recorded
   * nor given a programmed reply. A suite whose in-process service sees every project on the
   * shared topics (other suites' LLM-mode tasks too) keeps its count to its own requests.
   */
  only(accepts: (body: any) => boolean): this { // eslint-disable-line @typescript-eslint/no-explicit-any
    this.accepts = accepts;
    return this;
  }

  program(...replies: Reply[]): this {
    this.replies = replies;
    this.requests.length = 0;
    return this;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(raw);
    if (!this.accepts(body)) {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not this suite\'s request', type: 'test_double' } }));
      return;
    }
    this.requests.push({ body });
    const reply = this.replies.length > 1 ? this.replies.shift()! : this.replies[0]!;
    if (reply.kind === 'hang') {
      await new Promise((r) => setTimeout(r, reply.ms));
      if (!res.destroyed) res.writeHead(504).end();
      return;
    }
    if (reply.kind === 'status') {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {}) });
      res.end(JSON.stringify({ error: { message: `programmed ${reply.status}`, type: 'test_double' } }));
      return;
    }
    const usage = { prompt_tokens: reply.promptTokens ?? 100, completion_tokens: reply.completionTokens ?? 10 };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-test-double',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content, refusal: reply.refusal ?? null } }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      }),
    );
  }
}
