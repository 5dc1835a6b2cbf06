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
import { validateContent } from '../content/content-validation.rule';
import { INGESTION_SETTINGS } from '../ingestion.tokens';
import type { IngestionSettings } from '../ingestion.settings';
import { matchProjects } from '../projects/project-filter.matcher';
import { ProjectCatalog } from '../projects/project-catalog.service';
import { IngestionStats } from '../stats/ingestion-stats';
import { ItemRecord, ItemRepository } from './item.repository';
import { PayloadStorage, StoredRef } from './payload-storage.service';
import { TextAnalysisService } from './text-analysis.service';

/** A content event checked and analysed, ready to be recorded in one transaction. */
export type PreparedContent =
  | { duplicateOf: string; event: ContentEvent; sha256: string }
  | { duplicateOf?: undefined; event: ContentEvent; sha256: string; item: ItemRecord };

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
 * record(tx) inside the caller's inbox transaction.
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
    const body = validateContent(event, { textMaxBytes: this.settings.INGESTION_TEXT_MAX_BYTES });
    const sha256 = body.kind === 'text' ? sha256Hex(body.text) : body.ref.sha256;
    const existing = await this.items.findByDedupKey(event.source, event.sourceId, sha256);
    if (existing) return { duplicateOf: existing, event, sha256 };
    if (body.kind === 'payload') await this.payloads.checkPayloadRef(body.ref);

    const hint = event.language;
    const analysed = body.kind === 'text' ? this.analysis.analyse(body.text, hint) : undefined;
    const metadata = this.analysis.maskValues(event.metadata);
    const language = analysed ? analysed.language : hint;
    const projects = matchProjects(await this.catalog.active(), {
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
    const e = p.event;
    const provenance = { eventId: e.envelope!.eventId, source: e.source, sourceId: e.sourceId, producer: e.envelope!.producer };
    if (p.duplicateOf !== undefined) {
      await this.items.recordContentEvent(tx, { ...provenance, itemId: p.duplicateOf, duplicate: true });
      this.stats.duplicates++;
      return { result: 'duplicate', itemId: p.duplicateOf };
    }
    const item = p.item;
    const claim = await this.items.claimDedupKey(tx, { source: e.source, sourceId: e.sourceId, sha256: p.sha256 }, item.itemId);
    if (!claim.claimed) {
      await this.items.recordContentEvent(tx, { ...provenance, itemId: claim.itemId, duplicate: true });
      this.stats.duplicates++;
      return { result: 'duplicate', itemId: claim.itemId };
    }
    // Same upstream id, different content: a new item that names the one it revises.
    item.previousItemId = await this.items.latestOfSourceId(tx, e.source, e.sourceId);
    await this.items.insert(tx, item);
    await this.items.recordContentEvent(tx, { ...provenance, itemId: item.itemId, duplicate: false });
    if (item.matchedProjectIds.length > 0) {
      await this.runtime.outbox.enqueue(tx, TOPICS.items, this.itemEvent(e, item));
    } else {
      this.stats.unmatched++;
    }
    this.stats.itemsCreated++;
    return { result: 'created', itemId: item.itemId, matched: item.matchedProjectIds };
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
