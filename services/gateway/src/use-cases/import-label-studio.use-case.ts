import { BadGatewayException, HttpException, Inject, Injectable, PayloadTooLargeException, UnprocessableEntityException } from '@nestjs/common';
import { signServiceToken, type Principal } from '@verity/auth';
import {
  importLabelStudioTasks,
  InterchangeError,
  LabelStudioConfigError,
  parseLabelStudioConfig,
  type ImportedAnswer,
  type ImportedPrelabel,
  type ImportIssue,
  type LabelStudioConfig,
  type LabelStudioImport,
} from '@verity/interchange';
import { validate, type FieldError } from '@verity/service-runtime';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { ASSIGNMENT_UPSTREAM, PRELABEL_UPSTREAM } from '../adapters/upstreams.registry';
import { UpstreamClient } from '../adapters/upstream.client';
import { OntologiesRepository } from '../db/ontologies.repository';
import { configMismatches, intakeRefusal } from '../domain/label-studio-ontology.rule';
import { labelStudioImportSchema, MAX_IMPORT_TASKS, type LabelStudioImportInput } from '../http/label-studio-import.schemas';
import type { ContentInput } from '../http/content.schemas';
import { MANAGE, ProjectAccess } from './project-access.service';
import { PublishContentUseCase } from './publish-content.use-case';

/** What prelabel and assignment answer for imported work (the internal contract). */
export interface ImportedCounts {
  received: number;
  applied: number;
  parked: number;
  duplicates: number;
}

export interface LabelStudioImportResult {
  counts: LabelStudioImport['counts'];
  errors: ImportIssue[];
  content: { published: number };
  prelabels: ImportedCounts;
  answers: ImportedCounts;
}

/** Items per call to prelabel's and assignment's import endpoints (their limit). */
const CHUNK = 1000;

const none = (): ImportedCounts => ({ received: 0, applied: 0, parked: 0, duplicates: 0 });

/** 422 in the API's error shape, naming the fields. */
function unprocessable(errors: FieldError[], message = errors.map((e) => `${e.field}: ${e.reason}`).join('; ')): UnprocessableEntityException {
  return new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', message, errors });
}

/**
 * A Label Studio export imported into a project (issue #16): the labeling config must match the
 * project's published ontology; each task's text becomes content (content.v1, through the same
 * use case as POST /v1/content, source id = LS task id), each prediction a draft (prelabel) and
 * each annotation a human answer (assignment), both parked until their task exists. Prelabels
 * and answers are sent first, so that tasks made from the content find them parked (no model is
 * asked for a task with an imported draft). Every step is idempotent (ingestion deduplicates the
 * content, prelabel and assignment the imported work), so a failed call is retried as it is.
 */
@Injectable()
export class ImportLabelStudioUseCase {
  constructor(
    private readonly access: ProjectAccess,
    private readonly ontologies: OntologiesRepository,
    private readonly content: PublishContentUseCase,
    @Inject(PRELABEL_UPSTREAM) private readonly prelabel: UpstreamClient,
    @Inject(ASSIGNMENT_UPSTREAM) private readonly assignment: UpstreamClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async execute(caller: Principal, projectId: string, body: unknown, traceparent?: string): Promise<LabelStudioImportResult> {
    const { project } = await this.access.require(caller, projectId, MANAGE);
    const tasks = (body as { tasks?: unknown } | null)?.tasks;
    if (Array.isArray(tasks) && tasks.length > MAX_IMPORT_TASKS) {
      throw new PayloadTooLargeException({
        statusCode: 413,
        error: 'Payload Too Large',
        message: `tasks: ${tasks.length} tasks; at most ${MAX_IMPORT_TASKS} per call (split the export)`,
        errors: [{ field: 'tasks', reason: `${tasks.length} tasks; at most ${MAX_IMPORT_TASKS} per call` }],
      });
    }
    const input = validate(labelStudioImportSchema, body);
    const config = this.parseConfig(input.config);
    if (project.currentOntologyVersion === null) throw unprocessable([{ field: 'config', reason: 'the project has no published ontology to import into' }]);
    const ontology = (await this.ontologies.get(projectId, project.currentOntologyVersion))!;
    const mismatches = configMismatches(config, ontology.questions);
    if (mismatches.length) throw unprocessable(mismatches, `the config does not match ontology version ${ontology.version}: ${mismatches.map((e) => e.reason).join('; ')}`);
    const refusal = intakeRefusal(project, input.source);
    if (refusal) throw unprocessable([refusal]);

    const read = this.read(input, config);
    // Content that cannot be published leaves its task out whole, predictions and annotations too.
    const lines: ContentInput[] = [];
    const left = new Set<string>();
    const errors = [...read.errors];
    for (const line of read.content) {
      try {
        lines.push(this.content.check(line.body));
      } catch (err) {
        if (!(err instanceof HttpException)) throw err;
        const r = err.getResponse() as { message?: string };
        left.add(line.body.sourceId);
        errors.push({ task: line.at - 1, field: `tasks[${line.at - 1}].data`, reason: `content refused (${err.getStatus()}): ${typeof r === 'string' ? r : r.message}` });
      }
    }
    const prelabels = read.prelabels.filter((p) => !left.has(p.source_id)).map((p) => prelabelOf(input.source, p));
    const answers = read.answers.filter((a) => !left.has(a.source_id)).map((a) => answerOf(input.source, a));

    const prelabelCounts = await this.send(this.prelabel, caller, `/v1/projects/${encodeURIComponent(projectId)}/imported-prelabels`, 'prelabels', prelabels, traceparent);
    const answerCounts = await this.send(this.assignment, caller, `/v1/projects/${encodeURIComponent(projectId)}/imported-answers`, 'answers', answers, traceparent);
    const published = await this.content.publish(caller, lines);
    errors.sort((a, b) => a.task - b.task);
    return { counts: read.counts, errors, content: { published: published.length }, prelabels: prelabelCounts, answers: answerCounts };
  }

  private parseConfig(xml: string): LabelStudioConfig {
    try {
      return parseLabelStudioConfig(xml);
    } catch (err) {
      if (err instanceof LabelStudioConfigError || err instanceof InterchangeError) throw unprocessable([{ field: 'config', reason: err.message }]);
      throw err;
    }
  }

  private read(input: LabelStudioImportInput, config: LabelStudioConfig): LabelStudioImport {
    try {
      return importLabelStudioTasks(input.tasks, config, {
        source: input.source,
        textField: input.textField,
        annotators: input.annotators,
        defaultModelVersion: input.defaultModelVersion,
      });
    } catch (err) {
      // The export as a whole is unusable (e.g. no clear text field in the config).
      if (err instanceof InterchangeError) throw unprocessable([{ field: input.textField !== undefined ? 'textField' : 'tasks', reason: err.message }]);
      throw err;
    }
  }

  /** Posts `items` in chunks with a token the gateway signs for the caller and that service; sums the answers. */
  private async send(to: UpstreamClient, caller: Principal, path: string, key: 'prelabels' | 'answers', items: unknown[], traceparent?: string): Promise<ImportedCounts> {
    const total = none();
    const token = signServiceToken(caller, to.name, this.config.JWT_SECRET);
    for (let i = 0; i < items.length; i += CHUNK) {
      const out = await to.forward({ method: 'POST', path, authorization: `Bearer ${token}`, body: { [key]: items.slice(i, i + CHUNK) }, traceparent });
      let parsed: Partial<ImportedCounts> & { message?: string } = {};
      try {
        parsed = JSON.parse(out.body);
      } catch {
        /* reported below */
      }
      if (out.status !== 200) {
        throw new BadGatewayException(
          `${to.name} refused the imported ${key} (${out.status}: ${parsed.message ?? out.body.slice(0, 300)}); nothing after them was published, and the import can be sent again as it is`,
        );
      }
      for (const k of ['received', 'applied', 'parked', 'duplicates'] as const) total[k] += Number(parsed[k] ?? 0);
    }
    return total;
  }
}

/** An LS prediction result as prelabel's imported prelabel. */
function prelabelOf(source: string, p: ImportedPrelabel) {
  return {
    source,
    sourceId: p.source_id,
    questionId: p.question_id,
    optionIds: p.option_ids,
    ...(p.score === undefined ? {} : { score: p.score }),
    modelVersion: p.model_version,
  };
}

/** An LS annotation result as assignment's imported answer; without an LS annotation id, its annotator and time identify it. */
function answerOf(source: string, a: ImportedAnswer) {
  return {
    source,
    sourceId: a.source_id,
    questionId: a.question_id,
    annotatorId: a.annotator,
    optionIds: a.option_ids,
    submittedAt: a.created_at,
    ...(a.lead_time === undefined ? {} : { timeSpentMs: Math.round(a.lead_time * 1000) }),
    externalId: a.ls_annotation_id !== undefined ? String(a.ls_annotation_id) : `${a.annotator}@${a.created_at}`,
  };
}
