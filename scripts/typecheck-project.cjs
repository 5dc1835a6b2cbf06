// `nx run <project>:typecheck`: type-checks one project's files (sources and tests) with the
// repository's compiler settings; a project with its own tsconfig.json (the web console) uses it.
// Exit 1 with tsc's diagnostics when any. Usage: node scripts/typecheck-project.cjs <projectRoot>
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const { root } = require('./node22.cjs');

const projectRoot = process.argv[2];
if (!projectRoot || !fs.existsSync(path.join(root, projectRoot))) {
  console.error(`usage: typecheck-project.cjs <projectRoot> (a folder of this repository)${projectRoot ? `; ${projectRoot} does not exist` : ''}`);
  process.exit(2);
}
const own = path.join(root, projectRoot, 'tsconfig.json');
const configFile = fs.existsSync(own) ? own : path.join(root, 'tsconfig.json');
const read = ts.readConfigFile(configFile, ts.sys.readFile);
if (read.error) {
  console.error(ts.formatDiagnostic(read.error, host()));
  process.exit(1);
}
const config = read.config;
// The repository's settings, narrowed to this project's files (imports are followed as usual).
if (configFile !== own) config.include = [`${projectRoot}/**/*.ts`];
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configFile));
const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0) {
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host()));
  process.exit(1);
}
console.log(`${projectRoot}: ${parsed.fileNames.length} files type-check`);

function host() {
  return { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
}
