// Writes one row group of already shredded leaf columns through hyparquet-writer's column
// encoder, exactly as `ParquetWriter.write` would after its own shredding: the same column
// options (the writer's codec and statistics, no column index, an offset index, the given page
// size), the same chunk metadata and row-group record, and the writer's flush after the group.
// hyparquet-writer is pinned by the lockfile; the golden hashes in typed.layout.spec.ts fail if
// an upgrade changes what this writes.
import { getMaxDefinitionLevel } from 'hyparquet/src/schema.js';
import { writeColumn } from 'hyparquet-writer/src/column.js';
import { schemaPathResolver } from 'hyparquet-writer/src/schema.js';

/** Every leaf path under a schema path, depth first (the order columns are written in). */
function leafPaths(path, out = []) {
  const node = path[path.length - 1];
  if (!node.children.length) out.push(path);
  else for (const child of node.children) leafPaths([...path, child], out);
  return out;
}

/**
 * `(sinks, rows) → void` for a ParquetWriter `pq` whose top-level columns are `names`:
 * `sinks[c]` holds column c's leaves in depth-first order, each { name, values, def, rep }
 * (levels as typed-shredder Levels; `rep` null for a flat column).
 */
export function shreddedGroupWriter(pq, names, pageSize) {
  const resolve = schemaPathResolver(pq.schema);
  const leavesOf = names.map((name) =>
    leafPaths(resolve([name])).map((treePath) => {
      const schemaPath = treePath.map((n) => n.element);
      const maxDefinitionLevel = getMaxDefinitionLevel(treePath);
      // Levels are kept in byte arrays (typed.shredder.mjs).
      if (maxDefinitionLevel > 255) throw new Error(`typed parquet: ${name} is nested deeper than levels can count`);
      return {
        name: schemaPath[schemaPath.length - 1].name,
        maxDefinitionLevel,
        column: {
          columnName: schemaPath.slice(1).map((s) => s.name).join('.'),
          element: schemaPath[schemaPath.length - 1],
          schemaPath,
          codec: pq.codec,
          compressors: pq.compressors,
          stats: pq.statistics,
          statisticsTruncateLength: pq.statisticsTruncateLength,
          pageSize,
          dictionarySize: undefined,
          columnIndex: false,
          offsetIndex: true,
          encoding: undefined,
          bloomFilter: undefined,
        },
      };
    }),
  );

  return (sinks, rows) => {
    const groupStartOffset = pq.writer.offset;
    const chunks = [];
    for (let c = 0; c < names.length; c++) {
      const leaves = leavesOf[c];
      if (sinks[c].length !== leaves.length) throw new Error(`typed parquet: column ${names[c]} shredded into ${sinks[c].length} leaves, the schema has ${leaves.length}`);
      for (let j = 0; j < leaves.length; j++) {
        const sink = sinks[c][j];
        const leaf = leaves[j];
        if (sink.name !== leaf.name || sink.values.length < rows) {
          throw new Error(`typed parquet: leaf ${j} of ${names[c]} is ${sink.name} with ${sink.values.length} values, the schema's is ${leaf.name} for ${rows} rows`);
        }
        const pageData = { values: sink.values, definitionLevels: sink.def.view(), repetitionLevels: sink.rep?.view() ?? [], maxDefinitionLevel: leaf.maxDefinitionLevel };
        const result = writeColumn({ writer: pq.writer, column: leaf.column, pageData });
        chunks.push(result.chunk);
        pq.pendingIndexes.push(result);
      }
    }
    let total_byte_size = 0n;
    for (const { meta_data } of chunks) total_byte_size += meta_data?.total_uncompressed_size ?? 0n;
    pq.num_rows += BigInt(rows);
    pq.row_groups.push({
      columns: chunks,
      total_byte_size,
      num_rows: BigInt(rows),
      total_compressed_size: BigInt(pq.writer.offset - groupStartOffset),
    });
    pq.writer.flush?.();
  };
}
