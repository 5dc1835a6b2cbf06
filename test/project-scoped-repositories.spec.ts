import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { backendServices } from './support/backend-services';

// Issue #17: every repository method that touches project data takes the project id, so a query
// without it does not compile: a `projectId` parameter, or a parameter whose type requires one (a
// row to insert that carries its project, or a list of them). A method that is cross-project by
// nature (an erasure in every project, a sweep, a table without project data) says so and why
// with `@crossProject`.
const root = path.resolve(__dirname, '..');

interface Unscoped {
  file: string;
  method: string;
}

/** Whether a type requires a `projectId` (itself, or the element type of an array of them). */
function requiresProjectId(checker: ts.TypeChecker, type: ts.Type): boolean {
  const element = checker.isArrayType(type) || checker.isTupleType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : undefined;
  const t = element ?? type;
  const prop = t.getProperty('projectId');
  return prop !== undefined && (prop.flags & ts.SymbolFlags.Optional) === 0;
}

/** Public methods of the classes in one file that take no project id and carry no `@crossProject` tag. */
export function unscopedMethods(file: string, source: string, program?: ts.Program): Unscoped[] {
  const sf = program?.getSourceFile(file) ?? ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const checker = program?.getTypeChecker();
  const out: Unscoped[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isClassDeclaration(node)) {
      for (const m of node.members) {
        if (!ts.isMethodDeclaration(m) || !m.body) continue;
        const mods = ts.getModifiers(m) ?? [];
        if (mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
        if (ts.isPrivateIdentifier(m.name)) continue;
        const scoped = m.parameters.some(
          (p) => (ts.isIdentifier(p.name) && p.name.text === 'projectId') || (checker !== undefined && requiresProjectId(checker, checker.getTypeAtLocation(p))),
        );
        const tagged = ts.getJSDocTags(m).some((t) => t.tagName.text === 'crossProject' && String(t.comment ?? '').trim().length > 0);
        if (!scoped && !tagged) out.push({ file, method: m.name.getText(sf) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const dbFiles = (service: string): string[] => {
  const dir = path.join(root, 'services', service, 'src', 'db');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')).map((f) => path.join(dir, f)) : [];
};

/** One program over every service's db/ files, with the repository's compiler settings (paths to the libs). */
function dbProgram(): ts.Program {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  return ts.createProgram(backendServices().flatMap(dbFiles), { ...parsed.options, noEmit: true });
}

describe('project-scoped repositories', () => {
  const program = dbProgram();

  it.each(backendServices())('%s: every public method in src/db takes the project id or says why it is @crossProject', (service) => {
    const unscoped = dbFiles(service).flatMap((f) => unscopedMethods(f, fs.readFileSync(f, 'utf8'), program));
    expect(unscoped.map((u) => `${path.relative(path.join(root, 'services'), u.file)}: ${u.method}`)).toEqual([]);
  });

  it('no repository answers Promise<any>', () => {
    const offenders = backendServices().flatMap((service) => {
      const dir = path.join(root, 'services', service, 'src', 'db');
      if (!fs.existsSync(dir)) return [];
      return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ts') && /Promise<any>/.test(fs.readFileSync(path.join(dir, f), 'utf8')))
        .map((f) => `${service}/db/${f}`);
    });
    expect(offenders).toEqual([]);
  });

  it('the rule itself: a method without projectId is caught unless tagged with a reason', () => {
    const src = `interface Row { projectId: string; itemId: string }
    interface Loose { projectId?: string }
    class R {
      async a(db: unknown, projectId: string) {}
      async f(db: unknown, rows: readonly Row[]) {}
      async g(db: unknown, row: Row) {}
      async h(db: unknown, row: Loose) {}
      async b(db: unknown, itemId: string) {}
      /** @crossProject an erasure reaches every project that holds the item */
      async c(db: unknown, itemId: string) {}
      /** @crossProject */
      async d(db: unknown) {}
      private async e(db: unknown) {}
    }`;
    const file = path.join(root, 'virtual-repository.ts');
    const host = ts.createCompilerHost({ strict: true, noEmit: true });
    const read = host.getSourceFile;
    host.getSourceFile = (name, lang) => (name === file ? ts.createSourceFile(name, src, lang, true) : read.call(host, name, lang));
    const program = ts.createProgram([file], { strict: true, noEmit: true }, host);
    expect(unscopedMethods(file, src, program).map((u) => u.method)).toEqual(['h', 'b', 'd']);
  });
});
