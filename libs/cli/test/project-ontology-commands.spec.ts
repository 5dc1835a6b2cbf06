import { EXIT } from '../src';
import { harness, tempFile } from './fake-gateway';

// `verity project create` and `verity ontology publish`: YAML in, the API's validation out.

const env = { VERITY_TOKEN: 'tok' };

describe('verity project create', () => {
  it('sends the YAML as the API body and prints the new id', async () => {
    const file = tempFile('project.yaml', 'name: Toxicity\ncontentTypes: [text]\npolicy:\n  answersPerTask: 3\n');
    const h = harness(() => ({ status: 201, body: { id: 'p-1', name: 'Toxicity' } }), env);
    expect(await h.run('project', 'create', '-f', file)).toBe(EXIT.ok);
    expect(h.calls[0]).toMatchObject({ method: 'POST', path: '/v1/projects', authorization: 'Bearer tok', contentType: 'application/json' });
    expect(JSON.parse(h.calls[0].body!)).toEqual({ name: 'Toxicity', contentTypes: ['text'], policy: { answersPerTask: 3 } });
    expect(h.stdout()).toBe('created project p-1 "Toxicity"\n');
  });

  it('names the line and column of a YAML syntax error, exit 2, and sends nothing', async () => {
    const file = tempFile('project.yaml', 'name: Toxicity\npolicy:\n  answersPerTask: [3\n');
    const h = harness(() => ({ status: 201, body: {} }), env);
    expect(await h.run('project', 'create', '-f', file)).toBe(EXIT.usage);
    expect(h.stderr()).toMatch(/project\.yaml:4:1: Flow sequence in block collection must be sufficiently indented and end with a \]\n$/);
    expect(h.calls).toEqual([]);
  });

  it('names a duplicate key with its line and column', async () => {
    const h = harness(() => ({ status: 201, body: {} }), env);
    expect(await h.run('project', 'create', '-f', tempFile('dup.yaml', 'name: a\ncontentTypes: [text]\nname: b\n'))).toBe(EXIT.usage);
    expect(h.stderr()).toMatch(/dup\.yaml:3:1: Map keys must be unique\n$/);
    expect(h.calls).toEqual([]);
  });

  it('prints the API field errors, exit 5', async () => {
    const file = tempFile('project.yaml', 'name: ""\ncolour: red\n');
    const errors = [
      { field: 'name', reason: 'must not be empty' },
      { field: 'colour', reason: 'unknown field' },
    ];
    const h = harness(() => ({ status: 400, body: { statusCode: 400, message: 'invalid request body', errors } }), env);
    expect(await h.run('project', 'create', '-f', file)).toBe(EXIT.invalid);
    expect(h.stderr()).toContain('project.yaml refused: 400 invalid request body\n  name: must not be empty\n  colour: unknown field');
  });

  it.each([
    [['project'], 'project needs a subcommand'],
    [['project', 'create'], 'project create needs -f project.yaml'],
    [['project', 'create', '-f', '/no/such.yaml'], '/no/such.yaml: cannot read (ENOENT)'],
  ])('refuses %j with exit 2', async (argv, message) => {
    const h = harness(() => ({ status: 201, body: {} }), env);
    expect(await h.run(...argv)).toBe(EXIT.usage);
    expect(h.stderr()).toContain(message);
  });
});

describe('verity ontology publish', () => {
  const yaml = 'guidelines:\n  text: Be kind\nquestions:\n  - id: toxic\n    kind: single_choice\n    options: [{id: yes}, {id: no}]\nrelabelPolicy: keep\n';

  it('creates a draft from the file and publishes it with the relabel policy', async () => {
    const h = harness((c) => {
      if (c.method === 'GET') return { status: 200, body: { ontologies: [{ version: 1, status: 'published', questions: [] }] } };
      if (c.method === 'POST' && c.path.endsWith('/ontologies')) return { status: 201, body: { version: 2, status: 'draft', questions: [{}] } };
      return { status: 200, body: { version: 2, status: 'published', questions: [{}] } };
    }, env);
    expect(await h.run('ontology', 'publish', '-f', tempFile('o.yaml', yaml), '--project', 'p-1')).toBe(EXIT.ok);
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /v1/projects/p-1/ontologies', 'POST /v1/projects/p-1/ontologies', 'POST /v1/projects/p-1/ontologies/2/publish']);
    expect(JSON.parse(h.calls[1].body!)).toEqual({ guidelines: { text: 'Be kind' }, questions: [{ id: 'toxic', kind: 'single_choice', options: [{ id: 'yes' }, { id: 'no' }] }] });
    expect(JSON.parse(h.calls[2].body!)).toEqual({ relabelPolicy: 'keep' });
    expect(h.stdout()).toBe('published ontology version 2 of project p-1 (1 question)\n');
  });

  it('replaces an open draft instead of starting another, and reports a refused publish (exit 5)', async () => {
    const h = harness((c) => {
      if (c.method === 'GET') return { status: 200, body: { ontologies: [{ version: 3, status: 'draft', questions: [] }] } };
      if (c.method === 'PUT') return { status: 200, body: { version: 3, status: 'draft', questions: [{}] } };
      return { status: 400, body: { message: 'invalid request body', errors: [{ field: 'relabelPolicy', reason: 'required after the first version' }] } };
    }, env);
    expect(await h.run('ontology', 'publish', '-f', tempFile('o.yaml', 'questions: []\n'), '--project', 'p-1')).toBe(EXIT.invalid);
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /v1/projects/p-1/ontologies', 'PUT /v1/projects/p-1/ontologies/3', 'POST /v1/projects/p-1/ontologies/3/publish']);
    expect(h.stderr()).toContain('publishing version 3 refused (it stays a draft): 400 invalid request body\n  relabelPolicy: required after the first version');
  });

  it('exits 6 for an unknown project and 4 without a token', async () => {
    const h = harness(() => ({ status: 404, body: { message: 'project not found' } }), env);
    expect(await h.run('ontology', 'publish', '-f', tempFile('o.yaml', yaml), '--project', 'nope')).toBe(EXIT.notFound);
    const none = harness(() => ({ status: 200, body: {} }));
    expect(await none.run('ontology', 'publish', '-f', tempFile('o.yaml', yaml), '--project', 'p')).toBe(EXIT.auth);
    expect(none.calls).toEqual([]);
  });
});
