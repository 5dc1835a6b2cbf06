import { spawnSync } from 'node:child_process';
import net from 'node:net';
import type { OpenAPIObject } from '@nestjs/swagger';
import { offlineOpenApiDocument } from './openapi.files';

// The gateway's OpenAPI document, built offline (no stack): a valid OpenAPI 3.0 document that
// describes every route's answers, since the web console's typed client is generated from it.

// swagger-parser loads ES modules, which jest's VM cannot: it validates in a real Node process.
const VALIDATE = `
const SwaggerParser = require('@apidevtools/swagger-parser');
let text = '';
process.stdin.on('data', (d) => (text += d)).on('end', () =>
  SwaggerParser.validate(JSON.parse(text)).then(
    () => console.log('valid'),
    (err) => { console.log(err.message); process.exit(1); },
  ));
`;

type Json = Record<string, unknown>;
interface Operation {
  security?: Json[];
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const BINARY = { type: 'string', format: 'binary' };
const PUBLIC = new Set([
  'POST /v1/auth/token',
  'POST /v1/auth/session',
  'DELETE /v1/auth/session',
  'GET /healthz',
  'GET /readyz',
]);

let doc: OpenAPIObject;
let connects: jest.SpyInstance;

function operations(): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Json)[m]).map(
      (m) => [`${m.toUpperCase()} ${path}`, (item as Json)[m] as Operation] as [string, Operation],
    ),
  );
}

beforeAll(async () => {
  connects = jest.spyOn(net.Socket.prototype, 'connect');
  doc = await offlineOpenApiDocument();
}, 60000);

afterAll(() => connects.mockRestore());

describe('the OpenAPI document', () => {
  it('is built without a running stack: no provider is created, no connection is opened', () => {
    expect(connects).not.toHaveBeenCalled();
    expect(operations().length).toBeGreaterThan(40);
  });

  it('is a valid OpenAPI 3.0 document (swagger-parser finds no error)', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
    const r = spawnSync(process.execPath, ['-e', VALIDATE], {
      input: JSON.stringify(doc),
      encoding: 'utf8',
      cwd: __dirname,
    });
    expect({ status: r.status, out: r.stdout.trim(), err: r.stderr.trim() }).toEqual({
      status: 0,
      out: 'valid',
      err: '',
    });
  });

  it('describes a success body for every route: JSON with a schema, binary for media, or 204 No Content', () => {
    const faults: string[] = [];
    for (const [name, op] of operations()) {
      const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (ok.length === 0) faults.push(`${name}: no 2xx response`);
      for (const [status, res] of ok) {
        if (status === '204') {
          if (res.content) faults.push(`${name} ${status}: a 204 has no body`);
          continue;
        }
        const content = Object.entries(res.content ?? {});
        if (content.length === 0) faults.push(`${name} ${status}: no content`);
        for (const [type, media] of content) {
          if (
            type === 'application/json'
              ? !media.schema || Object.keys(media.schema).length === 0
              : !isEqual(media.schema, BINARY)
          ) {
            faults.push(`${name} ${status} ${type}: no schema`);
          }
        }
      }
    }
    expect(faults).toEqual([]);
  });

  it('gives every JSON error the platform error shape, and every guarded route 401 and a security requirement', () => {
    const faults: string[] = [];
    for (const [name, op] of operations()) {
      for (const [status, res] of Object.entries(op.responses)) {
        if (!/^[45]\d\d$/.test(status) || status === '416' || name.endsWith(' /readyz')) continue;
        if (
          !isEqual(res.content?.['application/json']?.schema, {
            $ref: '#/components/schemas/Error',
          })
        )
          faults.push(`${name} ${status}: not the Error schema`);
      }
      if (PUBLIC.has(name)) continue;
      if (!op.security?.length) faults.push(`${name}: no security requirement`);
      if (!op.responses['401']) faults.push(`${name}: no 401`);
    }
    expect(faults).toEqual([]);
    expect(doc.components?.schemas?.Error).toMatchObject({
      required: ['statusCode', 'error', 'message'],
    });
  });

  it('declares the bearer JWT, the API key and the console session cookie', () => {
    expect(doc.components?.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      'api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
      session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'verity_session' }),
    });
    const annotator = doc.paths['/v1/projects/{projectId}/tasks/next'].post!;
    expect(annotator.security).toEqual([{ bearer: [] }, { session: [] }]);
  });

  it('documents the task view the console shows (content without a storage location) and the media routes', () => {
    const schemas = doc.components!.schemas as Record<string, Json>;
    expect(Object.keys((schemas.TaskContent as { properties: Json }).properties).sort()).toEqual([
      'mediaType',
      'mediaUrl',
      'text',
      'type',
    ]);
    for (const path of ['/v1/tasks/{taskId}/media', '/v1/adjudications/{requestId}/media']) {
      const get = doc.paths[path]?.get as unknown as Operation & {
        parameters: { name: string; in: string }[];
      };
      expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['200', '206', '416']));
      expect(get.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'Range' })]),
      );
    }
  });
});

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
