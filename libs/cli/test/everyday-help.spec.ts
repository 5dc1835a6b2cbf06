import { EXIT, HELP } from '../src';
import { harness } from './fake-gateway';

// Every everyday command explains itself with --help (exit 0, nothing sent) and names the exit codes.

describe('verity <command> --help', () => {
  it.each([
    ['login', 'usage: verity login'],
    ['logout', 'usage: verity login'],
    ['project', 'usage: verity project create -f project.yaml'],
    ['ontology', 'usage: verity ontology publish -f ontology.yaml|config.xml --project P'],
    ['push', 'usage: verity push FILE --source S'],
    ['push', 'verity push tasks.json --config config.xml --project P'],
    ['release', 'verity release download PROJECT RELEASE --format label-studio [-o FILE]'],
    ['status', 'usage: verity status PROJECT'],
    ['release', 'usage: verity release create PROJECT'],
    ['labels', 'usage: verity labels tail PROJECT'],
    ['lf', 'usage: verity lf list PROJECT'],
  ])('%s', async (command, usage) => {
    const h = harness(() => new Error('no call expected'));
    expect(await h.run(command, '--help')).toBe(EXIT.ok);
    expect(h.stdout()).toContain(usage);
    expect(h.stdout()).toContain('Exit codes: 0 ok; 1 failed');
    expect(h.calls).toEqual([]);
  });

  it('lists them in the main help', () => {
    for (const c of ['login', 'project', 'ontology', 'push', 'status', 'release', 'labels', 'lf']) expect(HELP).toMatch(new RegExp(`\\n  ${c} +\\S`));
    expect(HELP).toContain('7 sha256 mismatch');
  });
});
