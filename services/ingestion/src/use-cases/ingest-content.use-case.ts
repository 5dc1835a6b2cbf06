import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  causedBy,
  ContentEvent,
  ContentType,
  createEvent,
  ItemEvent,
  newEnvelope,
  PiiKind,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { mergeCounts } from '@verity/pii';
import { EventRuntime } from '@verity/service-runtime';
import { sha256Hex } from '@verity/storage';
import { validateContent, type ValidContent } from '../domain/content-validation.rule';
import { INGESTION_SETTINGS } from '../ingestion.settings';
import type { IngestionSettings } from '../ingestion.settings';
import { matchProjects, type ProjectRule } from '../domain/project-filter.matcher';
import { ProjectCatalog } from './project-catalog.service';
import { IngestionStats } from '../domain/ingestion.stats';
import { type ContentEventRow, dedupKeyOf, ItemRecord, ItemRepository, sourceKey } from '../db/item.repository';
import { mapConcurrently } from '../domain/map-concurrently.helper';
import { PayloadStorage, StoredRef } from '../adapters/payload-storage.service';
import { TextAnalysisService } from './text-analysis.service';

/** A content event checked and analysed, ready to be recorded in one transaction. */
export type PreparedContent =
  | { duplicateOf: string; event: ContentEvent; sha256: string }
  | { duplicateOf?: undefined; event: ContentEvent; sha256: string; item: ItemRecord };

/** S3 calls (payload checks and writes) of one batch in flight at once. */
const PAYLOAD_CONCURRENCY = 16;

export type IngestOutcome = { result: 'created'; itemId: string; matched: string[] } | { result: 'duplicate'; itemId: string };

const KIND = {
  email: PiiKind.EMAIL,
  phone: PiiKind.PHONE,
  custom: PiiKind.CUSTOM,
  url_secret: PiiKind.URL_SECRET,
  ip_address: PiiKind.IP_ADDRESS,
  card_number: PiiKind.CARD_NUMBER,
  iban: PiiKind.IBAN,
  national_id: PiiKind.NATIONAL_ID,
  handle: PiiKind.HANDLE,
} as const;

/**
 * Turns one content event into an item: validate (InvalidContentError → DLQ), deduplicate on
 * (source, source_id, sha256 of the content), mask PII (the text and every metadata value;
 * source, source id and tags are identifiers, kept as they are), detect the language, match
 * projects, store large text (masked) and, where every matched project allows it, the unmasked original
 * in S3, then record the item and announce it on items.v1 in one transaction.
 *
 * Two steps so the slow part (S3) runs outside the database transaction: prepare(), then
 * record(tx) inside the caller's inbox transaction; each also takes a batch (prepareMany,
 * recordMany: one transaction and a few statements per batch).
 */
@Injectable()
export class IngestContentUseCase {
  constructor(
    @Inject(INGESTION_SETTINGS)
    private readonly settings: Pick<IngestionSettings, 'INGESTION_INLINE_MAX_BYTES' | 'INGESTION_TEXT_MAX_BYTES'>,
    private readonly items: ItemRepository,
    private readonly catalog: ProjectCatalog,
    private readonly analysis: TextAnalysisService,
    private readonly payloads: PayloadStorage,
    private readonly runtime: EventRuntime,
    private readonly stats: IngestionStats,
  ) {}

  async prepare(event: ContentEvent): Promise<PreparedContent> {
    const [prepared] = await this.prepareMany([event]);
    return prepared;
  }

  /**
   * `prepare` for a batch: the dedup lookup in one query, and the S3 work (payload checks, large
   * masked text, kept originals) of up to PAYLOAD_CONCURRENCY events at once. An invalid event
   * fails the whole call (InvalidContentError; the consumer then handles the batch record by record).
   */
  async prepareMany(events: readonly ContentEvent[]): Promise<PreparedContent[]> {
    const limits = { textMaxBytes: this.settings.INGESTION_TEXT_MAX_BYTES };
    const checked = events.map((event) => {
      const body = validateContent(event, limits);
      const sha256 = body.kind === 'text' ? sha256Hex(body.text) : body.ref.sha256;
      return { event, body, key: { source: event.source, sourceId: event.sourceId, sha256 } };
    });
    const existing = await this.items.findByDedupKeys(checked.map((c) => c.key));
    const active = await this.catalog.active();
    return mapConcurrently(checked, PAYLOAD_CONCURRENCY, ({ event, body, key }) => {
      const duplicateOf = existing.get(dedupKeyOf(key));
      if (duplicateOf) return Promise.resolve({ duplicateOf, event, sha256: key.sha256 });
      return this.prepareNew(event, body, key.sha256, active);
    });
  }

  private async prepareNew(event: ContentEvent, body: ValidContent, sha256: string, active: ProjectRule[]): Promise<PreparedContent> {
    if (body.kind === 'payload') await this.payloads.checkPayloadRef(body.ref);

    const hint = event.language;
    const analysed = body.kind === 'text' ? this.analysis.analyse(body.text, hint) : undefined;
    const metadata = this.analysis.maskValues(event.metadata);
    const language = analysed ? analysed.language : hint;
    const projects = matchProjects(active, {
      source: event.source,
      contentType: event.contentType,
      tags: event.tags,
      language,
    });
    const item: ItemRecord = {
      itemId: uuidv7(),
      source: event.source,
      sourceId: event.sourceId,
      contentType: event.contentType,
      contentSha256: sha256,
      contentEventId: event.envelope!.eventId,
      piiMasks: mergeCounts(analysed?.mask.counts ?? [], metadata.counts),
      piiSpans: analysed?.mask.spans ?? [],
      detectedLanguage: language,
      languageConfidence: analysed?.languageConfidence,
      languageHint: hint,
      tags: [...event.tags],
      metadata: metadata.masked,
      matchedProjectIds: projects.map((p) => p.projectId),
    };
    if (body.kind === 'payload') {
      item.payloadRef = { ...body.ref, sizeBytes: Number(body.ref.sizeBytes) };
    } else if (analysed) {
      const masked = analysed.mask.masked;
      if (Buffer.byteLength(masked, 'utf8') > this.settings.INGESTION_INLINE_MAX_BYTES) {
        item.payloadRef = await this.payloads.putMaskedText(masked);
        this.stats.storedPayloads++;
      } else {
        item.maskedText = masked;
      }
      // The strictest policy wins: one item event serves every matched project.
      const keepOriginal = projects.length > 0 && projects.every((p) => p.keepUnmaskedOriginal);
      if (keepOriginal && analysed.mask.spans.length > 0) {
        item.originalRef = await this.payloads.putOriginalText(body.text);
        this.stats.keptOriginals++;
      }
    }
    return { event, sha256, item };
  }

  async record(tx: EntityManager, p: PreparedContent): Promise<IngestOutcome> {
    const [outcome] = await this.recordMany(tx, [p]);
    return outcome;
  }

  /**
   * Records a batch of prepared contents in order, with the effect of `record` one by one: the
   * dedup keys claimed together (a content seen earlier in the batch is a duplicate of the item
   * it became), each new item naming the newest earlier item of its upstream id (in the batch or
   * before), and the items, memberships, provenance and items.v1 records written in one statement each.
   */
  async recordMany(tx: EntityManager, prepared: readonly PreparedContent[]): Promise<IngestOutcome[]> {
    const fresh = prepared.filter((p): p is Extract<PreparedContent, { item: ItemRecord }> => p.duplicateOf === undefined);
    const holders = await this.items.claimDedupKeys(
      tx,
      fresh.map((p) => ({ key: { source: p.event.source, sourceId: p.event.sourceId, sha256: p.sha256 }, itemId: p.item.itemId })),
    );
    const claimed = fresh.filter((p) => holders.get(dedupKeyOf({ source: p.event.source, sourceId: p.event.sourceId, sha256: p.sha256 })) === p.item.itemId);
    // Read before this batch's items are written; revisions within the batch chain in order.
    const latest = await this.items.latestOfSourceIds(tx, claimed.map((p) => p.event));
    const outcomes: IngestOutcome[] = [];
    const provenance: ContentEventRow[] = [];
    const created: ItemRecord[] = [];
    const announced: ItemEvent[] = [];
    for (const p of prepared) {
      const e = p.event;
      const row = { eventId: e.envelope!.eventId, source: e.source, sourceId: e.sourceId, producer: e.envelope!.producer };
      const holder = p.duplicateOf ?? holders.get(dedupKeyOf({ source: e.source, sourceId: e.sourceId, sha256: p.sha256 }))!;
      if (p.duplicateOf !== undefined || holder !== p.item.itemId) {
        provenance.push({ ...row, itemId: holder, duplicate: true });
        this.stats.duplicates++;
        outcomes.push({ result: 'duplicate', itemId: holder });
        continue;
      }
      const item = p.item;
      // Same upstream id, different content: a new item that names the one it revises.
      item.previousItemId = latest.get(sourceKey(e.source, e.sourceId));
      latest.set(sourceKey(e.source, e.sourceId), item.itemId);
      created.push(item);
      provenance.push({ ...row, itemId: item.itemId, duplicate: false });
      if (item.matchedProjectIds.length > 0) announced.push(this.itemEvent(e, item));
      else this.stats.unmatched++;
      this.stats.itemsCreated++;
      outcomes.push({ result: 'created', itemId: item.itemId, matched: item.matchedProjectIds });
    }
    await this.items.insertMany(tx, created);
    await this.items.recordContentEvents(tx, provenance);
    await this.runtime.outbox.enqueueMany(tx, TOPICS.items, announced);
    return outcomes;
  }

  private itemEvent(e: ContentEvent, i: ItemRecord): ItemEvent {
    const ref = (r?: StoredRef) => (r ? { ...r, sizeBytes: BigInt(r.sizeBytes) } : undefined);
    return createEvent(TOPICS.items, {
      envelope: newEnvelope({
        producer: 'ingestion',
        projectId: i.matchedProjectIds.length === 1 ? i.matchedProjectIds[0] : '',
        spec: TOPICS.items,
        ...causedBy(e.envelope!),
      }),
      itemId: i.itemId,
      content: {
        source: i.source,
        sourceId: i.sourceId,
        contentType: i.contentType as ContentType,
        contentSha256: i.contentSha256,
        // The masked copy: the original is named only by original_ref (consumers of labels
        // and releases never get it by default).
        payload: ref(i.payloadRef),
      },
      maskedText: i.maskedText,
      payloadRef: ref(i.payloadRef),
      originalRef: ref(i.originalRef),
      piiMasks: i.piiMasks.map((m) => ({
        kind: KIND[m.kind as keyof typeof KIND] ?? PiiKind.UNSPECIFIED,
        patternName: m.kind === 'custom' ? m.name : '',
        count: m.count,
      })),
      detectedLanguage: i.detectedLanguage,
      languageConfidence: i.languageConfidence,
      matchedProjectIds: i.matchedProjectIds,
      tags: i.tags,
      metadata: i.metadata,
      contentEventId: i.contentEventId,
    });
  }
}
