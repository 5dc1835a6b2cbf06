import 'reflect-metadata';
import { Controller, INestApplication, Module } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import { TOPICS } from '@verity/contracts';
import { NonRetryableError, type ConsumerRunnerOptions, type MessageContext } from '@verity/messaging';
import { connectEventHandlers } from '../src/events/connect-event-handlers';
import { OnTopic, OnTopicBatch } from '../src/events/topic-handler.decorator';
import { EventRuntime } from '../src/event-runtime';
import { PLATFORM_CONFIG } from '../src/tokens';

/** A fake of EventRuntime's consumer side: records the runners the transport asks for and their subscriptions. */
class FakeEventRuntime {
  readonly runners: { opts: Partial<ConsumerRunnerOptions> & { groupSuffix?: string }; subs: Map<string, { batch: boolean; fn: (...a: unknown[]) => Promise<void> }>; started: boolean }[] = [];
  bootstrapped = false;

  consumer(opts: Partial<ConsumerRunnerOptions> & { groupSuffix?: string }) {
    const r = { opts, subs: new Map(), started: false };
    this.runners.push(r);
    const api = {
      subscribe: (topic: { name: string }, fn: (...a: unknown[]) => Promise<void>) => (r.subs.set(topic.name, { batch: false, fn }), api),
      subscribeBatch: (topic: { name: string }, fn: (...a: unknown[]) => Promise<void>) => (r.subs.set(topic.name, { batch: true, fn }), api),
      start: async () => void (r.started = true),
      _r: r,
    };
    return api;
  }

  async startIfBootstrapped(runners: { start(): Promise<void> }[]) {
    if (this.bootstrapped) for (const r of runners) await r.start();
  }

  group(suffix?: string) {
    return this.runners.find((r) => r.opts.groupSuffix === suffix)!;
  }
}

const seen: unknown[][] = [];

@Controller()
class SampleHandlers {
  @OnTopic(TOPICS.projects, { group: 'projects', consumer: { fromBeginning: true } })
  async project(@Payload() event: unknown, @Ctx() ctx: MessageContext) {
    seen.push(['project', event, ctx.eventId]);
  }

  @OnTopic(TOPICS.decisions, { group: 'projects' })
  async decision(@Payload() event: { poison?: boolean }) {
    if (event.poison) throw new NonRetryableError('decision: poison');
    seen.push(['decision', event]);
  }

  @OnTopicBatch(TOPICS.items, { consumer: (c: { CONCURRENCY: number }) => ({ partitionsConsumedConcurrently: c.CONCURRENCY }) })
  async items(@Payload() records: unknown[]) {
    seen.push(['items', records.length]);
  }

  @OnTopic(TOPICS.tasks, { when: (c: { SOURCE: string }) => c.SOURCE === 'tasks' })
  async tasks() {
    seen.push(['tasks']);
  }
}

@Controller()
class SecondProjectsReader {
  @OnTopic(TOPICS.projects, { group: 'project-access' })
  async project(@Payload() event: unknown) {
    seen.push(['access', event]);
  }
}

async function appWith(runtime: FakeEventRuntime, config: Record<string, unknown>, controllers: unknown[]): Promise<INestApplication> {
  @Module({ controllers: controllers as never[], providers: [{ provide: EventRuntime, useValue: runtime }, { provide: PLATFORM_CONFIG, useValue: config }] })
  class TestModule {}
  return NestFactory.create(TestModule, { logger: false });
}

describe('KafkaRunnerTransport (@OnTopic / @OnTopicBatch over the consumer runner)', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    seen.length = 0;
  });

  it('makes one runner per group with its options, and hands records to the controller methods as (event, ctx) or (records)', async () => {
    const runtime = new FakeEventRuntime();
    app = await appWith(runtime, { CONCURRENCY: 4, SOURCE: 'prelabels' }, [SampleHandlers, SecondProjectsReader]);
    const transport = await connectEventHandlers(app);

    expect(runtime.runners.map((r) => r.opts.groupSuffix ?? '(main)').sort()).toEqual(['(main)', 'project-access', 'projects']);
    expect(runtime.group('projects').opts).toMatchObject({ fromBeginning: true });
    expect([...runtime.group('projects').subs.keys()].sort()).toEqual([TOPICS.decisions.name, TOPICS.projects.name]);
    expect(runtime.group(undefined).opts).toMatchObject({ partitionsConsumedConcurrently: 4 });
    expect(runtime.group(undefined).subs.get(TOPICS.items.name)?.batch).toBe(true);
    // `when` false: tasks.v1 is not read at all.
    expect(runtime.group(undefined).subs.has(TOPICS.tasks.name)).toBe(false);
    expect(transport.subscriptions()).toHaveLength(4);

    const ctx = { eventId: 'e-1' } as MessageContext;
    await runtime.group('projects').subs.get(TOPICS.projects.name)!.fn({ p: 1 }, ctx);
    await runtime.group('project-access').subs.get(TOPICS.projects.name)!.fn({ p: 2 }, ctx);
    await runtime.group(undefined).subs.get(TOPICS.items.name)!.fn([1, 2, 3]);
    expect(seen).toEqual([
      ['project', { p: 1 }, 'e-1'],
      ['access', { p: 2 }],
      ['items', 3],
    ]);
  });

  it("passes a handler's error to the runner unchanged, so a NonRetryableError is still dead-lettered", async () => {
    const runtime = new FakeEventRuntime();
    app = await appWith(runtime, { CONCURRENCY: 1, SOURCE: 'tasks' }, [SampleHandlers]);
    await connectEventHandlers(app);
    const decide = runtime.group('projects').subs.get(TOPICS.decisions.name)!.fn;
    const error = await decide({ poison: true }, { eventId: 'e-2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toBe('decision: poison');
    expect(runtime.group(undefined).subs.has(TOPICS.tasks.name)).toBe(true);
  });

  it('starts its runners at once when the app has already bootstrapped', async () => {
    const runtime = new FakeEventRuntime();
    runtime.bootstrapped = true;
    app = await appWith(runtime, { CONCURRENCY: 1, SOURCE: 'x' }, [SecondProjectsReader]);
    await connectEventHandlers(app);
    expect(runtime.runners.every((r) => r.started)).toBe(true);
  });

  it('refuses two handlers of one topic in one group, and consumer options that differ within a group', async () => {
    @Controller()
    class Twice {
      @OnTopic(TOPICS.projects, { group: 'projects' })
      async again() {}
    }
    await expect(appWith(new FakeEventRuntime(), { CONCURRENCY: 1 }, [SampleHandlers, Twice]).then((a) => ((app = a), connectEventHandlers(a)))).rejects.toThrow(
      `two handlers of ${TOPICS.projects.name} in group 'projects'`,
    );
    await app?.close();
    @Controller()
    class Disagrees {
      @OnTopic(TOPICS.labels, { group: 'projects', consumer: { fromBeginning: false } })
      async label() {}
    }
    await expect(appWith(new FakeEventRuntime(), { CONCURRENCY: 1 }, [SampleHandlers, Disagrees]).then((a) => ((app = a), connectEventHandlers(a)))).rejects.toThrow(
      /consumer options of group 'projects' differ/,
    );
  });
});
