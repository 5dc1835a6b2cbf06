import { assertSchemaName, rows, type Queryable } from '@verity/persistence';

/** A column value, optionally with the cast Postgres needs for it (`jsonb`, `bigint`, …). */
export interface CastValue {
  value: unknown;
  cast: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const CAST = /^[a-z_][a-z0-9_ ]*(\[\])?$/;

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" is not a lower-case SQL identifier`);
  return name;
}

const isCast = (v: unknown): v is CastValue =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && 'cast' in v && 'value' in v;

/**
 * A service's copy of projects.v1, one row per project keyed by `project_id` with the snapshot's
 * `revision`: the write happens only when the snapshot is newer than the row (the revision
 * guard), so a replayed, repeated or out-of-order snapshot changes nothing.
 */
export class ProjectSnapshotTable {
  private readonly qualified: string;

  constructor(schema: string, table = 'projects') {
    this.qualified = `"${assertSchemaName(schema)}"."${identifier(table, 'table')}"`;
  }

  /**
   * Inserts or updates the project's row with `columns` when `revision` is higher than the one
   * stored; true if written. `updated_at` is set to now() when the table has it (`touch`).
   */
  async upsertIfNewer(db: Queryable, projectId: string, revision: bigint, columns: Record<string, unknown>, opts: { touch?: boolean } = {}): Promise<boolean> {
    const names = Object.keys(columns).map((c) => identifier(c, 'column'));
    const params: unknown[] = [projectId, revision.toString()];
    const values = names.map((name) => {
      const v = columns[name];
      if (isCast(v)) {
        if (!CAST.test(v.cast)) throw new Error(`cast "${v.cast}" of column ${name} is not a SQL type name`);
        params.push(v.value);
        return `$${params.length}::${v.cast}`;
      }
      params.push(v);
      return `$${params.length}`;
    });
    const touch = opts.touch !== false;
    const allNames = [...names, ...(touch ? ['updated_at'] : [])];
    const allValues = [...values, ...(touch ? ['now()'] : [])];
    const set = ['revision', ...allNames].map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    const written = await rows<{ project_id: string }>(
      db,
      `INSERT INTO ${this.qualified} AS cur (project_id, revision${allNames.map((c) => `, ${c}`).join('')})
       VALUES ($1, $2::bigint${allValues.map((v) => `, ${v}`).join('')})
       ON CONFLICT (project_id) DO UPDATE SET ${set}
       WHERE cur.revision < EXCLUDED.revision
       RETURNING project_id`,
      params,
    );
    return written.length > 0;
  }
}
