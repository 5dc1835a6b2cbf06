import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@verity/config';
import { GatewayModule } from '../../gateway.module';
import { gatewayConfigShape } from '../../gateway.settings';
import { buildOpenApiDocument } from './openapi.document';

// The OpenAPI document without a running stack, and the console's client files made from it.
// Used by `npm run openapi:gen` (scripts/openapi-gen.cjs) and the drift test; never by the
// running gateway (openapi-typescript is a development dependency).

/** Where the console's generated client files live, relative to the repository root. */
export const CONSOLE_API_DIR = 'services/console/src/api';

/** Settings that pass validation and point nowhere: the preview application never connects. */
const OFFLINE_ENV: NodeJS.ProcessEnv = {
  KAFKA_BROKERS: '127.0.0.1:9',
  DATABASE_URL: 'postgres://offline@127.0.0.1:9/offline',
  S3_ENDPOINT: 'http://127.0.0.1:9',
  S3_ACCESS_KEY_ID: 'offline',
  S3_SECRET_ACCESS_KEY: 'offline',
  S3_BUCKET: 'offline',
  JWT_SECRET: 'offline-openapi-generation-never-signs-anything',
};

/**
 * The gateway's document, built from the module graph in Nest's preview mode: the controllers and
 * their decorators are scanned, no provider is instantiated (no Kafka, Postgres or S3 client is
 * created, nothing connects), nothing listens.
 */
export async function offlineOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig('gateway', gatewayConfigShape, OFFLINE_ENV);
  const app = await NestFactory.create(GatewayModule.register(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app as unknown as Parameters<typeof buildOpenApiDocument>[0]);
  } finally {
    await app.close();
  }
}

const SCHEMA_HEADER = `/**
 * Types of the gateway's HTTP API, for openapi-fetch: \`createClient<paths>()\`.
 * Generated from openapi.json by \`npm run openapi:gen\` (openapi-typescript). Do not edit.
 */

`;

/** What scripts and tests use of openapi-typescript (its CommonJS build). */
interface OpenApiTypescript {
  default(doc: unknown, options?: Record<string, unknown>): Promise<unknown[]>;
  astToString(nodes: unknown[]): string;
}

/** The files of services/console/src/api/ that come from the document: the document and its TypeScript types. */
export async function openApiFiles(
  doc: OpenAPIObject,
): Promise<{ 'openapi.json': string; 'schema.d.ts': string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const openapiTS = require('openapi-typescript') as OpenApiTypescript;
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  const ast = await openapiTS.default(JSON.parse(json), {
    silent: true,
    defaultNonNullable: false,
  });
  return { 'openapi.json': json, 'schema.d.ts': SCHEMA_HEADER + openapiTS.astToString(ast) };
}

/** Throws, naming every fault, unless the document is valid OpenAPI (swagger-parser). */
export async function validateOpenApi(doc: OpenAPIObject): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const SwaggerParser = require('@apidevtools/swagger-parser') as {
    validate(api: unknown): Promise<unknown>;
  };
  await SwaggerParser.validate(structuredClone(doc)); // validate() dereferences in place: a copy
}
