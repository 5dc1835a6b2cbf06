import type {
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from '@verity/config';

/**
 * zod → OpenAPI 3.0 Schema Objects, for request and response bodies alike (one source: the
 * zod schema that validates a body, or that describes an answer, is what the document shows).
 *
 * A zod schema given an id (`.meta({ id: 'Project' })`), wherever it appears, becomes
 * `#/components/schemas/Project`; a request body can be named too (ApiZodBody's `name`). The
 * components are collected here as decorators run, and openapi.document.ts puts them in the
 * document. One name must always mean one schema: a second, different schema under a name
 * already taken (e.g. the same zod schema seen as a request, where defaults make fields
 * optional, and as a response) is reported when the document is built.
 */

const COMPONENTS = '#/components/schemas/';

const components = new Map<string, { schema: SchemaObject; canonical: string }>();
const conflicts = new Set<string>();

export type OpenApiSchema = SchemaObject | ReferenceObject;

/** JSON with sorted keys, to compare two schemas by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `#/definitions/X` (zod's openapi-3.0 output) → `#/components/schemas/X`, recursively. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')
        ? COMPONENTS + v.slice('#/definitions/'.length)
        : relink(v);
  }
  return out;
}

function addComponent(name: string, schema: SchemaObject): void {
  const key = canonical(schema);
  const had = components.get(name);
  if (!had) components.set(name, { schema, canonical: key });
  else if (had.canonical !== key) conflicts.add(name);
}

/** A reference to a component schema by name. */
export const componentRef = (name: string): ReferenceObject => ({ $ref: COMPONENTS + name });

/**
 * The OpenAPI 3.0 schema of a zod schema: `io: 'input'` for what a client sends (defaults make
 * fields optional), `'output'` for what the API answers. With `name`, the schema itself becomes
 * a component and a reference to it is returned.
 */
export function toOpenApiSchema(
  schema: z.ZodType,
  opts: { io: 'input' | 'output'; name?: string },
): OpenApiSchema {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: opts.io,
    unrepresentable: 'throw',
  }) as Record<string, unknown>;
  const { definitions, ...root } = relink(json) as {
    definitions?: Record<string, SchemaObject>;
  } & Record<string, unknown>;
  for (const [id, def] of Object.entries(definitions ?? {})) addComponent(id, def);
  if (typeof root.$ref === 'string' && Object.keys(root).length === 1)
    return root as unknown as ReferenceObject;
  if (!opts.name) return root as SchemaObject;
  addComponent(opts.name, root as SchemaObject);
  return componentRef(opts.name);
}

/** Registers a component directly (a schema zod cannot express, e.g. a binary body). */
export function registerComponent(name: string, schema: SchemaObject): ReferenceObject {
  addComponent(name, schema);
  return componentRef(name);
}

/** Every component collected so far, sorted by name; throws when a name was given two different schemas. */
export function componentSchemas(): Record<string, SchemaObject> {
  if (conflicts.size > 0) {
    throw new Error(
      `OpenAPI: component name(s) used for different schemas: ${[...conflicts].sort().join(', ')} (give each its own id)`,
    );
  }
  return Object.fromEntries(
    [...components.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, c]) => [name, c.schema]),
  );
}
