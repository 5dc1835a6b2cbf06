import { z } from '@verity/config';

// Each case loads zod-openapi afresh: its components are collected per module instance.
function fresh(): typeof import('./zod-openapi.adapter') {
  let mod!: typeof import('./zod-openapi.adapter');
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('./zod-openapi.adapter');
  });
  return mod;
}

describe('toOpenApiSchema', () => {
  it('writes OpenAPI 3.0 (nullable, boolean exclusiveMinimum), never 3.1 constructs', () => {
    const { toOpenApiSchema } = fresh();
    const json = JSON.stringify(
      toOpenApiSchema(z.object({ a: z.string().nullable(), n: z.number().gt(0), x: z.null() }), {
        io: 'output',
      }),
    );
    expect(json).not.toMatch(/"type":"null"|"const"|"\$schema"|"exclusiveMinimum":0/);
    expect(json).toContain('"nullable":true');
    expect(json).toContain('"exclusiveMinimum":true');
  });

  it('makes schemas with an id components, and refers to them', () => {
    const { toOpenApiSchema, componentSchemas } = fresh();
    const tag = z.strictObject({ name: z.string() }).meta({ id: 'Tag' });
    expect(
      toOpenApiSchema(z.object({ tags: z.array(tag), main: tag.nullable() }), { io: 'output' }),
    ).toMatchObject({
      properties: {
        tags: { items: { $ref: '#/components/schemas/Tag' } },
        main: { nullable: true, allOf: [{ $ref: '#/components/schemas/Tag' }] },
      },
    });
    expect(toOpenApiSchema(tag, { io: 'output' })).toEqual({ $ref: '#/components/schemas/Tag' });
    expect(
      toOpenApiSchema(z.strictObject({ q: z.string().default('x') }), { io: 'input', name: 'Req' }),
    ).toEqual({ $ref: '#/components/schemas/Req' });
    const components = componentSchemas();
    expect(Object.keys(components)).toEqual(['Req', 'Tag']);
    expect(components.Req).toMatchObject({ properties: { q: { type: 'string', default: 'x' } } });
    expect(components.Req).not.toHaveProperty('required');
  });

  it('refuses one component name for two different schemas', () => {
    const { toOpenApiSchema, componentSchemas } = fresh();
    toOpenApiSchema(z.strictObject({ a: z.string() }), { io: 'input', name: 'Body' });
    toOpenApiSchema(z.strictObject({ a: z.string() }), { io: 'input', name: 'Body' }); // the same schema again: fine
    expect(() => componentSchemas()).not.toThrow();
    toOpenApiSchema(z.strictObject({ b: z.number() }), { io: 'input', name: 'Body' });
    expect(() => componentSchemas()).toThrow(/Body/);
  });
});
