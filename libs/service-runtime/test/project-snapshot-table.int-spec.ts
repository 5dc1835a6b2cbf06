import { DataSource } from 'typeorm';
import { openDataSource } from '@verity/persistence';
import { stackEnv, uniqueName } from '@verity/testing';
import { ProjectSnapshotTable } from '../src/project-snapshots/project-snapshot-table';

// The revision guard every service's projects.v1 copy relies on, on the real Postgres of deploy/local.
describe('ProjectSnapshotTable on real Postgres', () => {
  const env = stackEnv();
  const schema = uniqueName('snap');
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDataSource({ url: env.databaseUrl, schema, migrations: [] });
    await ds.query(`CREATE TABLE "${schema}".projects (
      project_id text PRIMARY KEY, revision bigint NOT NULL, name text, skills text[], policy jsonb, updated_at timestamptz)`);
    await ds.query(`CREATE TABLE "${schema}".raw_access (project_id text PRIMARY KEY, revision bigint NOT NULL, roles text[])`);
  });

  afterAll(async () => {
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await ds.destroy();
  });

  const read = async (table = 'projects') => (await ds.query(`SELECT * FROM "${schema}".${table} WHERE project_id = 'p1'`))[0];

  it('writes a new project, then only a higher revision: a repeated or older snapshot changes nothing', async () => {
    const t = new ProjectSnapshotTable(schema);
    const cols = (name: string) => ({ name, skills: { value: ['fr', 'de'], cast: 'text[]' }, policy: { value: JSON.stringify({ k: name }), cast: 'jsonb' } });
    await expect(t.upsertIfNewer(ds, 'p1', 2n, cols('second'))).resolves.toBe(true);
    await expect(t.upsertIfNewer(ds, 'p1', 2n, cols('repeat'))).resolves.toBe(false);
    await expect(t.upsertIfNewer(ds, 'p1', 1n, cols('older'))).resolves.toBe(false);
    expect(await read()).toMatchObject({ revision: '2', name: 'second', skills: ['fr', 'de'], policy: { k: 'second' } });
    await expect(t.upsertIfNewer(ds, 'p1', 3n, cols('third'))).resolves.toBe(true);
    const row = await read();
    expect(row).toMatchObject({ revision: '3', name: 'third' });
    expect(row.updated_at).toBeInstanceOf(Date);
  });

  it('works inside a transaction and on a table without updated_at (touch: false)', async () => {
    const t = new ProjectSnapshotTable(schema, 'raw_access');
    await ds.transaction(async (tx) => {
      await expect(t.upsertIfNewer(tx, 'p1', 5n, { roles: ['auditor'] }, { touch: false })).resolves.toBe(true);
    });
    await expect(t.upsertIfNewer(ds, 'p1', 4n, { roles: [] }, { touch: false })).resolves.toBe(false);
    expect(await read('raw_access')).toMatchObject({ revision: '5', roles: ['auditor'] });
  });

  it('refuses names and casts that are not plain SQL identifiers, before any SQL runs', async () => {
    expect(() => new ProjectSnapshotTable(schema, 'projects; DROP TABLE x')).toThrow(/table .* is not a lower-case SQL identifier/);
    const t = new ProjectSnapshotTable(schema);
    await expect(t.upsertIfNewer(ds, 'p1', 9n, { 'name = 1 --': 'x' })).rejects.toThrow(/column .* is not a lower-case SQL identifier/);
    await expect(t.upsertIfNewer(ds, 'p1', 9n, { name: { value: 'x', cast: 'text); --' } })).rejects.toThrow(/cast .* of column name is not a SQL type name/);
    expect(await read()).toMatchObject({ revision: '3' });
  });
});
