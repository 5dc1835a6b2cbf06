import fs from 'node:fs';
import path from 'node:path';
import { backendServices } from './support/backend-services';

// The one service anatomy of docs/architecture.md ("One anatomy for every backend service"),
// checked on every backend service: where a file may live, how it is named, and what pure
// domain code may import.
const root = path.resolve(__dirname, '..');
const LAYERS = new Set(['http', 'events', 'use-cases', 'domain', 'db', 'adapters', 'jobs', 'migrations']);
/** Where a kind must live (kinds not listed may live in any layer). */
const KIND_HOME: Record<string, string> = {
  controller: 'http',
  schemas: 'http',
  repository: 'db',
  'use-case': 'use-cases',
  handler: 'events',
  job: 'jobs',
};
/** Root files besides main.ts and instrument.ts: modules, settings, and a feature's registration. */
const ROOT_FILE = /^[a-z0-9]+(-[a-z0-9]+)*\.(module|settings|registration)\.ts$/;
const KIND_FILE = /^[a-z0-9]+(-[a-z0-9]+)*\.[a-z]+(-[a-z]+)*(\.spec)?\.(ts|mjs)$/;
const MIGRATION_FILE = /^\d{13}-[a-z0-9]+(-[a-z0-9]+)*\.ts$/;
/** Domain code is pure: no driver, broker or cloud SDK. */
const IMPURE = /from '(typeorm|pg|kafkajs|@aws-sdk\/[^']+|openai|node:fs|fs|node:child_process)'/;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

/** Every way the file breaks the anatomy (empty when it fits). */
export function anatomyProblems(service: string, relInSrc: string, source: string): string[] {
  const parts = relInSrc.split('/');
  const name = parts[parts.length - 1];
  const problems: string[] = [];
  if (parts.length === 1) {
    if (!['main.ts', 'instrument.ts'].includes(name) && !ROOT_FILE.test(name)) problems.push('only main.ts, instrument.ts, *.module.ts, *.settings.ts and *.registration.ts sit at the root of src/');
    if (/\.(module|settings)\.ts$/.test(name) && !fs.existsSync(path.join(root, 'services', service, 'src', `${service}.${name.split('.')[1]}.ts`)))
      problems.push(`the service's own ${service}.${name.split('.')[1]}.ts is missing`);
    return problems;
  }
  const layer = parts[0];
  if (!LAYERS.has(layer)) return [`${layer}/ is not a layer of the anatomy (${[...LAYERS].join(', ')})`];
  if (layer === 'migrations') return MIGRATION_FILE.test(name) ? [] : ['a migration is named <13-digit timestamp>-<what>.ts'];
  if (!KIND_FILE.test(name)) return ['not named kebab-case.kind.ts'];
  const kind = name.replace(/\.spec\.ts$/, '.ts').split('.').slice(-2, -1)[0];
  const home = KIND_HOME[kind];
  if (home && home !== layer) problems.push(`a ${kind} lives in ${home}/`);
  if (layer === 'domain' && !name.endsWith('.spec.ts') && IMPURE.test(source)) problems.push(`domain code imports ${source.match(IMPURE)![1]}`);
  return problems;
}

describe('service anatomy', () => {
  const services = backendServices();

  it('finds the backend services', () => {
    expect(services).toEqual(expect.arrayContaining(['adjudication', 'assignment', 'decomposition', 'export', 'gateway', 'ingestion', 'prelabel', 'quality']));
  });

  it.each(services)('%s: every file sits in its layer with a kebab-case.kind name', (service) => {
    const src = path.join(root, 'services', service, 'src');
    const problems = files(src).flatMap((f) => {
      const rel = path.relative(src, f);
      return anatomyProblems(service, rel, f.endsWith('.ts') ? fs.readFileSync(f, 'utf8') : '').map((p) => `${rel}: ${p}`);
    });
    expect(problems).toEqual([]);
    for (const must of ['main.ts', 'instrument.ts', `${service}.module.ts`, `${service}.settings.ts`, 'migrations']) {
      expect(fs.existsSync(path.join(src, must))).toBe(true);
    }
  });

  it('refuses what the anatomy forbids (the rule itself)', () => {
    const ok = (rel: string, src = '') => anatomyProblems('quality', rel, src);
    expect(ok('db/answers.repository.ts')).toEqual([]);
    expect(ok('shared/db.ts')[0]).toMatch(/shared\/ is not a layer/);
    expect(ok('domain/reliability.ts')).toEqual(['not named kebab-case.kind.ts']);
    expect(ok('domain/answers.repository.ts')).toEqual(['a repository lives in db/']);
    expect(ok('use-cases/answers.controller.ts')).toEqual(['a controller lives in http/']);
    expect(ok('domain/decision.rule.ts', "import { DataSource } from 'typeorm';")).toEqual(['domain code imports typeorm']);
    expect(ok('migrations/create-things.ts')).toHaveLength(1);
    expect(ok('helpers.ts')).toHaveLength(1);
    expect(ok('quality.module.ts')).toEqual([]);
  });
});
