// `npm run openapi:gen`: builds the gateway's OpenAPI document offline (Nest's preview mode: the
// controllers are scanned, no provider is created, so no database, Kafka or S3 is needed) and
// checks it (swagger-parser) and writes the web console's generated API files:
//   services/console/src/api/openapi.json   the document (the same one GET /openapi.json serves)
//   services/console/src/api/schema.d.ts    its types (openapi-typescript), for openapi-fetch
//   node scripts/openapi-gen.cjs             regenerate both
//   node scripts/openapi-gen.cjs --check     exit 1 if either is not up to date (writes nothing)
//   node scripts/openapi-gen.cjs --out DIR   write them into DIR instead
const fs = require('node:fs');
const path = require('node:path');
const { ensureNode22, root } = require('./node22.cjs');

ensureNode22();

function fail(msg) {
  console.error(`[openapi:gen] ${msg}`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { out: null, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--out') {
      const v = argv[++i];
      if (!v) fail('--out needs a directory');
      opts.out = path.resolve(process.cwd(), v);
    } else if (a.startsWith('--out='))
      opts.out = path.resolve(process.cwd(), a.slice('--out='.length));
    else fail(`unknown argument ${a}`);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.json');
  require('@swc-node/register');
  const gen = require(path.join(root, 'services/gateway/src/http/openapi/openapi.files.ts'));
  const dir = opts.out ?? path.join(root, gen.CONSOLE_API_DIR);
  const doc = await gen.offlineOpenApiDocument();
  await gen
    .validateOpenApi(doc)
    .catch((err) => fail(`the document is not valid OpenAPI: ${err.message}`));
  const files = await gen.openApiFiles(doc);
  if (opts.check) {
    const stale = Object.entries(files)
      .filter(
        ([name, text]) =>
          !fs.existsSync(path.join(dir, name)) ||
          fs.readFileSync(path.join(dir, name), 'utf8') !== text,
      )
      .map(([name]) => path.relative(root, path.join(dir, name)));
    if (stale.length > 0) fail(`not up to date: ${stale.join(', ')}; run: npm run openapi:gen`);
    console.log(`[openapi:gen] up to date: ${path.relative(root, dir)}`);
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text);
    console.log(`[openapi:gen] wrote ${path.relative(root, path.join(dir, name))}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
