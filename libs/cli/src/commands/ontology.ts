import { parseArgs } from 'node:util';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { connectGateway, GATEWAY_OPTIONS, GATEWAY_OPTIONS_HELP, print, runCommand } from '../gateway-command';
import { CliError, type Io } from '../io';
import { readLabelStudioConfig } from '../label-studio-files';
import { readYamlFile } from '../yaml-file';

export const ONTOLOGY_HELP = `usage: verity ontology publish -f ontology.yaml|config.xml --project P [--relabel-policy R]

  Publishes the project's next ontology version from a YAML file with the API's fields:
  guidelines {text, examples}, questions […], and for the versions after the first,
  relabelPolicy (keep | relabel | exclude) and optional migrations […]. The file becomes the
  project's draft (an existing draft is replaced), then the draft is published. The API
  validates both steps and its field errors are printed; a YAML syntax error names the line and
  column. Prints the published version.
  A .xml file is a Label Studio labeling config: each <Choices> becomes a single or multiple
  choice question (its name the question id, its <Choice> values the options, a <Header>
  before it the prompt, visibleWhen a condition). A tag with no exact Verity mapping (Labels,
  TextArea, Rating, …) stops with exit 2 naming the tag and its line; nothing is sent.

  -f, --file F           the ontology's YAML file, or a Label Studio labeling config (.xml)
  --project P            the project id
  --relabel-policy R     keep | relabel | exclude, for a version after the first (a YAML file
                         may say relabelPolicy itself)
${GATEWAY_OPTIONS_HELP}

${EXIT_CODES_HELP}
`;

interface OntologyVersion {
  version: number;
  status: 'draft' | 'published';
  questions: unknown[];
}

/** `verity ontology publish`: returns the exit code. */
export function ontologyCommand(args: string[], io: Io): Promise<number> {
  return runCommand('ontology', io, async () => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...GATEWAY_OPTIONS, file: { type: 'string', short: 'f' }, project: { type: 'string' }, 'relabel-policy': { type: 'string' } },
    });
    const [sub, ...extra] = positionals;
    if (values.help || sub === 'help') {
      io.stdout(ONTOLOGY_HELP);
      return EXIT.ok;
    }
    if (sub !== 'publish') throw new CliError(`${sub ? `unknown ontology subcommand "${sub}"` : 'ontology needs a subcommand'}\n\n${ONTOLOGY_HELP}`);
    if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`);
    if (!values.file) throw new CliError('ontology publish needs -f ontology.yaml (or a Label Studio config.xml)');
    if (!values.project) throw new CliError('ontology publish needs --project');
    const policyFlag = values['relabel-policy'];
    if (policyFlag !== undefined && !['keep', 'relabel', 'exclude'].includes(policyFlag)) throw new CliError(`--relabel-policy must be keep, relabel or exclude (got "${policyFlag}")`);
    const fromFile = /\.xml$/i.test(values.file) ? { ...readLabelStudioConfig(io, values.file).draft } : readYamlFile(io, values.file);
    const { relabelPolicy: policyInFile, migrations, ...draft } = fromFile as Record<string, unknown>;
    if (policyFlag !== undefined && policyInFile !== undefined) throw new CliError(`${values.file} says relabelPolicy and --relabel-policy is given too: keep one`);
    const relabelPolicy = policyFlag ?? policyInFile;
    const gateway = connectGateway(values, io);
    const base = `/v1/projects/${encodeURIComponent(values.project)}/ontologies`;

    const { ontologies } = await gateway.call<{ ontologies: OntologyVersion[] }>('listing the ontology versions', 'GET', base);
    const open = ontologies.find((o) => o.status === 'draft');
    const saved = open
      ? await gateway.call<OntologyVersion>(`${values.file} refused`, 'PUT', `${base}/${open.version}`, draft)
      : await gateway.call<OntologyVersion>(`${values.file} refused`, 'POST', base, draft);
    const publish = { ...(relabelPolicy === undefined ? {} : { relabelPolicy }), ...(migrations === undefined ? {} : { migrations }) };
    const published = await gateway.call<OntologyVersion>(
      `${values.file}: publishing version ${saved.version} refused (it stays a draft)`,
      'POST',
      `${base}/${saved.version}/publish`,
      publish,
    );
    print(io, values.json, published, (o) => `published ontology version ${o.version} of project ${values.project} (${o.questions.length} question${o.questions.length === 1 ? '' : 's'})\n`);
    return EXIT.ok;
  });
}
