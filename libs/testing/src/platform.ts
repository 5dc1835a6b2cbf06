import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { VerityClient } from '@verity/sdk';
import { ObjectStore, sha256Hex } from '@verity/storage';
import { stackEnv } from './stack-env';

// What browser tests and benchmarks share: the platform started the README's way (every service
// as a real process on the real stack), the operator's sign-in, media in S3, a stand-in LLM.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../../../scripts/services.cjs'));

export interface Started {
  name: string;
  url: string;
}

export async function startPlatform(basePort: number, logSuffix: string, env: Record<string, string> = {}) {
  if (Number(process.versions.node.split('.')[0]) !== 22) throw new Error(`run this test on Node 22, not ${process.version}`);
  const services: Started[] = startServices({ basePort, logSuffix, env: { UPSTREAM_TIMEOUT_MS: '60000', ...env } });
  try {
    await waitReady(services, 300000);
  } catch (err) {
    await stopServices(services);
    throw err;
  }
  const gateway = services.find((s) => s.name === 'gateway')!.url;
  return { services, gateway, stop: () => stopServices(services) as Promise<void> };
}

export function signInAdmin(gateway: string): Promise<VerityClient> {
  return VerityClient.signIn(gateway, process.env.BOOTSTRAP_ADMIN_EMAIL!, process.env.BOOTSTRAP_ADMIN_PASSWORD!);
}

const MEDIA = path.resolve(__dirname, '../../../demo/data/media');

/** Puts one of demo/data/media's files in S3 and returns the payloadRef to post with content. */
export async function uploadMedia(file: string, mediaType: string) {
  const env = stackEnv();
  const store = new ObjectStore(env.s3);
  const body = fs.readFileSync(path.join(MEDIA, file));
  const key = `uploads/console-test/${sha256Hex(body)}/${file}`;
  await store.put(key, body, { contentType: mediaType });
  return { bucket: env.s3.bucket, key, sha256: sha256Hex(body), size: body.length, mediaType };
}

/**
 * A stand-in for an OpenAI-compatible endpoint on loopback, so prelabel's LLM path (the real
 * openai client) drafts choice questions: it answers `answerFor(text)` as strict JSON, or
 * something that is not JSON (a malformed draft: the task goes to humans without one).
 */
export async function startFakeLlm(answerFor: (itemText: string) => { optionId: string; confidence: number } | null) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const messages = (JSON.parse(body || '{}') as { messages?: { content?: unknown }[] }).messages ?? [];
      const last = String(messages[messages.length - 1]?.content ?? '');
      const a = answerFor(last);
      const content = a ? JSON.stringify({ option_id: a.optionId, confidence: a.confidence }) : 'I would rather not say.';
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: 'fake-llm',
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/v1`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
