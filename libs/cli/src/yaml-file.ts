import { parseDocument } from 'yaml';
import { CliError, type Io } from './io';

/**
 * Reads a YAML file as plain data. A syntax error is a usage error naming the file, line and
 * column (`project.yaml:3:5: …`); so is a file whose top level is not a mapping.
 */
export function readYamlFile(io: Io, file: string): Record<string, unknown> {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    throw new CliError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const where = at ? `${file}:${at.line}:${at.col}` : file;
    throw new CliError(`${where}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const value: unknown = doc.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError(`${file}: the top level must be a mapping (key: value)`);
  return value as Record<string, unknown>;
}
