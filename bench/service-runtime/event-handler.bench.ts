// What the NestJS transport (@OnTopic / @OnTopicBatch over KafkaRunnerTransport) adds per
// handler call, against calling the same method directly. No broker: the runner's side is the
// same either way, so only the Nest path (proxy, filters, param factory) is measured.
// Run: node scripts/run-ts.cjs bench/service-runtime/event-handler.bench.ts [calls] [rounds]
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { TOPICS } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import { connectEventHandlers, EventRuntime, OnTopic, OnTopicBatch, PLATFORM_CONFIG } from '@verity/service-runtime';
import { machineLine } from '../support/machine';

const calls = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 5);
let sink = 0;

@Controller()
class Handlers {
  @OnTopic(TOPICS.projects)
  async record(@Payload() event: { n: number }, @Ctx() ctx: MessageContext): Promise<void> {
    sink += event.n + ctx.partition;
  }

  @OnTopicBatch(TOPICS.items)
  async batch(@Payload() records: { n: number }[]): Promise<void> {
    sink += records.length;
  }
}

/** A stand-in for EventRuntime that keeps the subscribed functions (no Kafka). */
const subscribed = new Map<string, (...args: unknown[]) => Promise<void>>();
const runtimeStandIn = {
  consumer: () => {
    const api = {
      subscribe: (t: { name: string }, fn: (...a: unknown[]) => Promise<void>) => (subscribed.set(t.name, fn), api),
      subscribeBatch: (t: { name: string }, fn: (...a: unknown[]) => Promise<void>) => (subscribed.set(t.name, fn), api),
      start: async () => undefined,
    };
    return api;
  },
  startIfBootstrapped: async () => undefined,
};

@Module({ controllers: [Handlers], providers: [{ provide: EventRuntime, useValue: runtimeStandIn }, { provide: PLATFORM_CONFIG, useValue: {} }] })
class BenchModule {}

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await fn();
  return Number(process.hrtime.bigint() - t0) / calls; // ns per call
}

async function main(): Promise<void> {
  const app = await NestFactory.create(BenchModule, { logger: false });
  await connectEventHandlers(app);
  const handlers = app.get(Handlers);
  const viaNest = subscribed.get(TOPICS.projects.name)!;
  const batchViaNest = subscribed.get(TOPICS.items.name)!;
  const ctx = { partition: 1, eventId: 'e' } as MessageContext;
  const event = { n: 1 };
  const batch = Array.from({ length: 500 }, () => ({ n: 1 }));
  const direct: number[] = [];
  const nest: number[] = [];
  const nestBatch: number[] = [];
  for (let r = 0; r < rounds; r++) {
    direct.push(await time(() => handlers.record(event, ctx)));
    nest.push(await time(() => viaNest(event, ctx)));
    nestBatch.push(await time(() => batchViaNest(batch)));
  }
  await app.close();
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
  console.log(`machine: ${machineLine()}`);
  console.log(`${calls} calls × ${rounds} rounds, median (range) ns per call:`);
  console.log(`  direct method call           ${med(direct).toFixed(0)} (${range(direct)})`);
  console.log(`  @OnTopic through Nest        ${med(nest).toFixed(0)} (${range(nest)}); added ${(med(nest) - med(direct)).toFixed(0)} ns per record`);
  console.log(`  @OnTopicBatch of 500 records ${med(nestBatch).toFixed(0)} (${range(nestBatch)}); ${(med(nestBatch) / 500).toFixed(1)} ns per record`);
  if (sink < 0) console.log(sink);
}

void main();
