import { Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { ContentType } from '@verity/contracts';
import { InterchangeError } from '@verity/interchange';
import { DATA_SOURCE, type FieldError } from '@verity/service-runtime';
import { DataSource, EntityManager } from 'typeorm';
import { MaskedTextReader } from '../adapters/masked-text.reader';
import { ItemContentsRepository, MaskedTextSource } from '../db/item-contents.repository';
import { ReleaseErasuresRepository } from '../db/release-erasures.repository';
import { ReleasesRepository, SelectedRow } from '../db/releases.repository';
import { labelStudioTasksOf, tasksArray, taskItemIds, wholeItems } from '../domain/label-studio-tasks.rule';
import { downloadDisposition } from './release-file.use-case';

/** Rows read per page (the recorded rows of the release, in release order). */
const PAGE_ROWS = 2000;
/** Masked payloads read from S3 at once. */
const S3_READS = 8;
/** Faults listed in a 422 (the count says how many in all). */
const MAX_LISTED = 20;

/** Where the tasks go, a piece at a time; `write` resolves when the piece may be followed by more. */
export interface TextSink {
  write(chunk: string): Promise<void>;
}

export interface LabelStudioDownload {
  /** `attachment; filename="<release name or id>-label-studio.json"`. */
  disposition: string;
  /** Streams the JSON array; resolves when the last piece is written. */
  writeTo(sink: TextSink): Promise<number>;
}

/** One batch of whole items, with their masked text sources and what is wrong with them. */
interface Batch {
  rows: SelectedRow[];
  offset: number;
  sources: Map<string, MaskedTextSource>;
  faults: FieldError[];
}

/**
 * A release as Label Studio tasks (exportLabelStudioTasks of @verity/interchange): one task per
 * item with its masked text, the final labels as the consensus annotation, people's answers as
 * annotations, machine answers and drafts as predictions. Texts come from export's copy of the
 * item (inline masked text) or the masked payload in S3, never from the unmasked original.
 *
 * Two passes over the recorded rows, so a release of any size is streamed in bounded memory and
 * still refused before the first byte when it cannot be converted: `prepare` reads every row
 * and checks every item has a masked text and every row converts (else 422 naming them);
 * `writeTo` reads them again, joins the texts, and streams the tasks. Recorded rows never
 * change; an item erased between the two passes is left out like the ones erased before.
 */
@Injectable()
export class LabelStudioExportUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly releases: ReleasesRepository,
    private readonly items: ItemContentsRepository,
    private readonly erasures: ReleaseErasuresRepository,
    private readonly reader: MaskedTextReader,
  ) {}

  async prepare(projectId: string, releaseId: string): Promise<LabelStudioDownload> {
    const r = await this.releases.find(this.ds, projectId, releaseId);
    if (!r) throw new NotFoundException(`release ${releaseId} not found in project ${projectId}`);
    const erased = new Set((await this.erasures.list(this.ds, projectId, r.releaseId)).map((e) => e.itemId));
    const faults: FieldError[] = [];
    let faultCount = 0;
    await this.ds.transaction('REPEATABLE READ', async (tx) => {
      for await (const b of this.batches(tx, projectId, r.releaseId, erased, false)) {
        faultCount += b.faults.length;
        faults.push(...b.faults.slice(0, MAX_LISTED - faults.length));
        try {
          labelStudioTasksOf(b.rows, () => '', b.offset);
        } catch (e) {
          if (!(e instanceof InterchangeError)) throw e;
          faultCount++;
          if (faults.length < MAX_LISTED) faults.push({ field: e.at, reason: e.reason });
        }
      }
    });
    if (faultCount > 0) {
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: `release ${r.releaseId} cannot be written as Label Studio tasks: ${faultCount} fault${faultCount === 1 ? '' : 's'}${faultCount > faults.length ? ` (the first ${faults.length} listed)` : ''}: ${faults[0].field}: ${faults[0].reason}`,
        errors: faults,
      });
    }
    return {
      disposition: downloadDisposition(r.name, r.releaseId, 'label-studio.json'),
      writeTo: (sink) => this.write(projectId, r.releaseId, sink),
    };
  }

  private async write(projectId: string, releaseId: string, sink: TextSink): Promise<number> {
    let tasks = 0;
    await sink.write(tasksArray.open);
    await this.ds.transaction('REPEATABLE READ', async (tx) => {
      // Checked already: an item whose content is gone now was erased since (left out too).
      for await (const b of this.batches(tx, projectId, releaseId, 'any', true)) {
        if (b.faults.length > 0) throw new Error(`release ${releaseId}: ${b.faults[0].field}: ${b.faults[0].reason} (after the check; nothing more written)`);
        const texts = await this.textsOf(b.sources);
        for (const task of labelStudioTasksOf(b.rows, (id) => texts.get(id), b.offset)) {
          await sink.write(tasksArray.task(task, tasks === 0));
          tasks++;
        }
      }
    });
    await sink.write(tasksArray.close(tasks > 0));
    return tasks;
  }

  /**
   * The release's rows in batches of whole items, with each task item's text source. Items
   * without export's copy of their content are left out when an erasure took it (`erased`, or
   * any such item with 'any'); any other item without a readable masked text is a fault naming
   * its first row.
   */
  private async *batches(tx: EntityManager, projectId: string, releaseId: string, erased: Set<string> | 'any', withText: boolean): AsyncGenerator<Batch> {
    for await (const { rows, offset } of wholeItems(this.releases.recordedPages(tx, projectId, releaseId, PAGE_ROWS))) {
      const ids = taskItemIds(rows);
      const sources = ids.length > 0 ? await this.items.maskedTexts(tx, ids, withText) : new Map<string, MaskedTextSource>();
      const faults: FieldError[] = [];
      const leftOut = new Set<string>();
      for (const id of ids) {
        const src = sources.get(id);
        const why = src ? this.noText(src) : erased === 'any' || erased.has(id) ? null : 'export holds no content for this item (it never arrived on items.v1)';
        if (!src && why === null) leftOut.add(id);
        if (why) faults.push({ field: `rows[${offset + rows.findIndex((x) => x.itemId === id)}].item_id`, reason: `item ${id}: ${why}` });
      }
      yield { rows: leftOut.size > 0 ? rows.filter((x) => !leftOut.has(x.itemId)) : rows, offset, sources, faults };
    }
  }

  private noText(src: MaskedTextSource): string | null {
    if (src.inline) return null;
    if (src.contentType !== ContentType.TEXT) return `is ${ContentType[src.contentType]?.toLowerCase() ?? 'non-text'} content; Label Studio tasks are exported for text only`;
    if (!src.payload) return 'its masked text is not kept by export (the item was recorded before export kept texts)';
    if (!this.reader.readable(src.payload)) return `its masked text is in bucket ${src.payload.bucket}, which export cannot read`;
    return null;
  }

  /** Every item's masked text: inline, or read from S3 a few at a time. */
  private async textsOf(sources: Map<string, MaskedTextSource>): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    const stored: [string, NonNullable<MaskedTextSource['payload']>][] = [];
    for (const [id, src] of sources) {
      if (src.inline) texts.set(id, src.text ?? '');
      else if (src.payload) stored.push([id, src.payload]);
    }
    for (let i = 0; i < stored.length; i += S3_READS) {
      const read = await Promise.all(stored.slice(i, i + S3_READS).map(async ([id, ref]) => [id, await this.reader.read(ref)] as const));
      for (const [id, text] of read) texts.set(id, text);
    }
    return texts;
  }
}
