import { parseArgs } from 'node:util';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { connectGateway, GATEWAY_OPTIONS, GATEWAY_OPTIONS_HELP, print, runCommand } from '../gateway-command';
import { CliError, type Io } from '../io';
import { readYamlFile } from '../yaml-file';

export const PROJECT_HELP = `usage: verity project create -f project.yaml

  Creates a project (POST /v1/projects; you become its project manager). The file holds the API's
  fields: name, description, contentTypes, filter {sources, contentTypes, tagsAny, languages},
  policy {answersPerTask, honeypotRate, reliabilityFloor, …}. The API validates it and its
  field errors are printed; a YAML syntax error names the line and column. Prints the project id.

  -f, --file F   the project's YAML file
${GATEWAY_OPTIONS_HELP}

${EXIT_CODES_HELP}
`;

interface Project {
  id: string;
  name: string;
}

/** `verity project create`: returns the exit code. */
export function projectCommand(args: string[], io: Io): Promise<number> {
  return runCommand('project', io, async () => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...GATEWAY_OPTIONS, file: { type: 'string', short: 'f' } } });
    const [sub, ...extra] = positionals;
    if (values.help || sub === 'help') {
      io.stdout(PROJECT_HELP);
      return EXIT.ok;
    }
    if (sub !== 'create') throw new CliError(`${sub ? `unknown project subcommand "${sub}"` : 'project needs a subcommand'}\n\n${PROJECT_HELP}`);
    if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`);
    if (!values.file) throw new CliError('project create needs -f project.yaml');
    const body = readYamlFile(io, values.file);
    const gateway = connectGateway(values, io);
    const p = await gateway.call<Project>(`${values.file} refused`, 'POST', '/v1/projects', body);
    print(io, values.json, p, (x) => `created project ${x.id} "${x.name}"\n`);
    return EXIT.ok;
  });
}
