import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { assertSchemaName } from './schema-name';

export interface DataSourceSettings {
  url: string;
  /** The service's own schema: no service reads another's tables. */
  schema: string;
  entities?: MixedList<string | (new () => unknown) | EntitySchema>;
  migrations?: MixedList<string | (new () => unknown)>;
  poolSize?: number;
}

/**
 * A TypeORM data source on the service's schema. Migrations only (never synchronize); the
 * migrations table lives in the same schema, so services migrate independently. Its sessions run
 * with PostgreSQL's JIT compilation off.
 */
export function createDataSource(s: DataSourceSettings): DataSource {
  const schema = assertSchemaName(s.schema);
  return new DataSource({
    type: 'postgres',
    url: s.url,
    schema,
    entities: s.entities ?? [],
    migrations: s.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    // JIT off: the services run short OLTP statements, and a plan the planner overestimates
    // (stale statistics after bulk deletes) gets ~200 ms of compiling for a 2 ms query (decision 65).
    extra: { max: s.poolSize ?? 10, application_name: `verity-${schema}`, options: '-c jit=off' },
  });
}

/** Connects, creates the schema when missing and runs pending migrations. */
export async function openDataSource(s: DataSourceSettings): Promise<DataSource> {
  const ds = createDataSource(s);
  await ds.initialize();
  await ds.query(`CREATE SCHEMA IF NOT EXISTS "${assertSchemaName(s.schema)}"`);
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}
