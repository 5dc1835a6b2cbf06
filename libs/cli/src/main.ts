import * as path from 'node:path';
import { aggregateCommand } from './commands/aggregate';
import { agreementCommand } from './commands/agreement';
import { dlqCommand } from './commands/dlq';
import { eraseCommand } from './commands/erase';
import { lfCommand } from './commands/lf';
import { loginCommand, logoutCommand } from './commands/login';
import { ontologyCommand } from './commands/ontology';
import { projectCommand } from './commands/project';
import { pushCommand } from './commands/push';
import { releaseCommand } from './commands/release';
import { statusCommand } from './commands/status';
import { EXIT_CODES_HELP } from './exit-codes';
import { CliError, type Io, processIo } from './io';

export const HELP = `usage: verity <command> [options]

everyday jobs (talk to the gateway; exit codes below):
  login       sign in once (e-mail and password, or an API key); the token is stored 0600
  logout      forget the stored token
  project     project create -f project.yaml
  ontology    ontology publish -f ontology.yaml|config.xml --project P (a Label Studio labeling config)
  push        offer content.jsonl, .csv or Label Studio tasks .json; progress, resumable, idempotent;
              Label Studio predictions and annotations too with --config config.xml --project P
  status      a project's progress, ETA, agreement and cost
  release     release create | list | download | verify (sha256 against the manifest);
              download --format label-studio: the release as Label Studio tasks JSON
  labels      labels tail PROJECT: follow labels.v1 and print the project's labels (needs Kafka)
  lf          lf list | apply -f lfs.yaml | retire | analyze PROJECT: a project's labeling functions

offline and operations:
  aggregate   turn crowd answers or LF votes into one label per item (default auto; labelmodel, …)
  agreement   print every inter-annotator agreement measure
  lf          lf analyze --votes: coverage, overlap, conflict and accuracy of LF votes in files
  import      publish a JSONL file of content to content.v1 (the platform's intake)
  dlq         dead letters through the gateway: list, show, redrive (admin)
  erase       erase an item's content from the platform, or list a project's erasures (project manager)

verity <command> --help for the options of a command.

${EXIT_CODES_HELP}
(dlq and erase document their own codes.)
`;

/**
 * Runs the CLI; returns the exit code (0 ok, 2 bad usage or bad input, 1 unexpected failure),
 * as a promise for commands that talk to the platform.
 */
export function main(argv: readonly string[], io: Io = processIo): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'aggregate':
        return aggregateCommand(rest, io);
      case 'agreement':
        return agreementCommand(rest, io);
      case 'lf':
        return lfCommand([...rest], io);
      case 'import':
        // Loaded on demand: the Kafka client costs seconds of start-up the other commands need not pay.
        return import('./commands/import-content').then((m) => m.importContentCommand([...rest], io)).catch((e: unknown) => report(e, io));
      case 'dlq':
        return dlqCommand([...rest], io);
      case 'erase':
        return eraseCommand([...rest], io);
      case 'login':
        return loginCommand([...rest], io);
      case 'logout':
        return logoutCommand([...rest], io);
      case 'project':
        return projectCommand([...rest], io);
      case 'ontology':
        return ontologyCommand([...rest], io);
      case 'push':
        return pushCommand([...rest], io);
      case 'status':
        return statusCommand([...rest], io);
      case 'release':
        return releaseCommand([...rest], io);
      case 'labels':
        return import('./commands/labels-tail').then((m) => m.labelsCommand([...rest], io)).catch((e: unknown) => report(e, io));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command "${command}"\n\n${HELP}`);
    }
  } catch (e) {
    return report(e, io);
  }
}

function report(e: unknown, io: Io): number {
  // parseArgs reports unknown or malformed options with these codes.
  const code = (e as { code?: string }).code ?? '';
  if (e instanceof CliError || code.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`verity: ${(e as Error).message}\n`);
    return 2;
  }
  io.stderr(`verity: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
  return 1;
}

// Run when this file is the entry point (`require.main` is not reliable under the SWC register hook).
if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  void Promise.resolve(main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
