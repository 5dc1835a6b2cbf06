import { INestApplication, Injectable } from '@nestjs/common';
import { ModuleRef, NestContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ResponsesObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { SESSION_COOKIE } from '@verity/auth';
import { API_KEY, BEARER, SESSION } from './api-docs.decorators';
import { healthSchema, readinessSchema } from './schemas/platform.schemas';
import { componentSchemas, toOpenApiSchema } from './zod-openapi.adapter';

/** What SwaggerModule.createDocument reads of the application: its container, config and HTTP adapter. */
type DocumentSource = Pick<INestApplication, 'getHttpAdapter'> & {
  container: NestContainer;
  config: unknown;
};

const TAGS: [string, string][] = [
  ['auth', 'Sign-in: bearer tokens for API callers, the session cookie for the web console'],
  ['people', 'Accounts, API keys and the caller'],
  ['projects', 'Projects, members and policy'],
  ['ontologies', 'Versioned ontologies (questions and guidelines)'],
  ['content', 'Content intake (content.v1)'],
  ['annotator', 'The annotator API (forwarded to the assignment service)'],
  ['adjudication', 'The expert API (forwarded to the adjudication service)'],
  [
    'releases',
    'Dataset releases, the label audit (export service) and quality metrics (quality service)',
  ],
  ['prelabel', 'Machine assistance (forwarded to the prelabel service)'],
  ['platform', 'Liveness and readiness'],
];

/** Responses of the platform's own routes (HealthController lives in @verity/service-runtime). */
function platformOperations(): Record<
  string,
  { tags: string[]; summary: string; responses: ResponsesObject }
> {
  const json = (schema: ReturnType<typeof toOpenApiSchema>) => ({ 'application/json': { schema } });
  return {
    '/healthz': {
      tags: ['platform'],
      summary: 'Liveness: the process answers',
      responses: {
        200: {
          description: 'Alive',
          content: json(toOpenApiSchema(healthSchema, { io: 'output' })),
        },
      },
    },
    '/readyz': {
      tags: ['platform'],
      summary: 'Readiness: Kafka, Postgres and S3 answer',
      responses: {
        200: {
          description: 'Ready',
          content: json(toOpenApiSchema(readinessSchema, { io: 'output' })),
        },
        503: {
          description: 'A dependency is down (named in `checks`)',
          content: json(toOpenApiSchema(readinessSchema, { io: 'output' })),
        },
      },
    },
  };
}

/**
 * The gateway's OpenAPI 3.0 document, built from the controllers' decorators: request bodies and
 * responses come from zod schemas (api-docs.decorators.ts), their named parts become
 * components/schemas. The same function serves GET /openapi.json and `npm run openapi:gen`
 * (which writes services/console/src/api/openapi.json for the console's typed client).
 */
export function buildOpenApiDocument(app: DocumentSource): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.0.3')
    .setTitle('Verity gateway')
    .setDescription(
      "Verity's public HTTP API: people, API keys, projects, versioned ontologies, content intake, and the annotator, expert, release and quality APIs it fronts. " +
        'Errors have one shape: `{statusCode, error, message, errors?: [{field, reason}]}`.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: "A person's access token from POST /v1/auth/token",
      },
      BEARER,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-key',
        description: "A machine's API key (vk_<id>_<secret>)",
      },
      API_KEY,
    )
    .addCookieAuth(
      SESSION_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        name: SESSION_COOKIE,
        description:
          "The web console's session (HttpOnly, SameSite=Strict), set by POST /v1/auth/session. POST, PUT, PATCH and DELETE must also send `X-Verity-Csrf: 1`, and an `Origin` header, when sent, must be the gateway's own.",
      },
      SESSION,
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const doc = SwaggerModule.createDocument(app as unknown as INestApplication, builder.build(), {
    // `Projects_create` rather than `ProjectsController_create`: the operations' names in the console's types.
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });

  for (const [path, op] of Object.entries(platformOperations())) {
    const get = doc.paths[path]?.get as OperationObject | undefined;
    if (get) Object.assign(get, op);
  }
  const own = componentSchemas();
  const fromNest = doc.components?.schemas ?? {};
  const clash = Object.keys(fromNest).filter((name) => name in own);
  if (clash.length > 0) throw new Error(`OpenAPI: schema names defined twice: ${clash.join(', ')}`);
  doc.components = { ...doc.components, schemas: { ...fromNest, ...own } };
  // Plain JSON (no undefined members), so the served and the committed document are equal.
  return JSON.parse(JSON.stringify(doc)) as OpenAPIObject;
}

/**
 * Serves the document built once, on first request. SwaggerModule.createDocument wants the
 * application object, which Nest does not inject; what it reads of it (the container, its
 * config and HTTP adapter) is reachable from the ModuleRef.
 */
@Injectable()
export class OpenApiDocument {
  private doc?: OpenAPIObject;

  constructor(private readonly moduleRef: ModuleRef) {}

  get(): OpenAPIObject {
    if (this.doc) return this.doc;
    const container = (this.moduleRef as unknown as { container: NestContainer }).container;
    this.doc = buildOpenApiDocument({
      container,
      config: container.applicationConfig,
      getHttpAdapter: () => container.getHttpAdapterRef(),
    } as unknown as DocumentSource);
    return this.doc;
  }
}
