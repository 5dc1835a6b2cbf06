import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { RequestMethod, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import { IS_PUBLIC } from '@verity/auth';
import { type ConfigShape, loadConfig } from '@verity/config';
import { platformSettings, connectEventHandlers } from '@verity/service-runtime';

export interface ServiceRoute {
  service: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express-style path, e.g. /v1/projects/:projectId/quality. */
  path: string;
  public: boolean;
}

const METHODS: Partial<Record<RequestMethod, ServiceRoute['method']>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

const root = path.resolve(__dirname, '../..');

/** Every service under services/ with an entry point (the console is not one). */
export function serviceNames(): string[] {
  return fs.readdirSync(path.join(root, 'services')).filter((d) => fs.existsSync(path.join(root, 'services', d, 'src/main.ts')));
}

/** The controllers a module (static or dynamic) declares, its imports' included. */
function controllersOf(mod: DynamicModule): Type[] {
  const seen = new Set<unknown>();
  const out = new Set<Type>();
  const visit = (m: unknown) => {
    if (!m || seen.has(m) || (typeof m !== 'object' && typeof m !== 'function')) return;
    seen.add(m);
    const dyn = typeof m === 'object' && 'module' in (m as object) ? (m as DynamicModule) : undefined;
    const cls = (dyn ? dyn.module : m) as Type;
    for (const c of [...(dyn?.controllers ?? []), ...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) ?? [])]) out.add(c);
    for (const i of [...(dyn?.imports ?? []), ...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) ?? [])]) visit(i);
  };
  visit(mod);
  return [...out];
}

/** The service's root module class (the one with a static register(config)). */
function moduleOf(service: string): { register(config: unknown): DynamicModule } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports = require(path.join(root, 'services', service, 'src', `${service}.module.ts`)) as Record<string, unknown>;
  const found = Object.values(exports).find((v) => typeof v === 'function' && typeof (v as { register?: unknown }).register === 'function');
  if (!found) throw new Error(`services/${service}: no module with register()`);
  return found as { register(config: unknown): DynamicModule };
}

const join = (...parts: (string | undefined)[]) =>
  '/' + parts.flatMap((p) => (p ?? '').split('/')).filter(Boolean).join('/');

/**
 * The HTTP routes of a service, read from its Nest module's controllers (the same metadata Nest's
 * router is built from), so a new route is in the list without editing any test.
 */
export function routesOf(service: string): ServiceRoute[] {
  // register() only describes the module (no provider runs), so an empty config is enough here.
  const mod = moduleOf(service).register({});
  const routes: ServiceRoute[] = [];
  for (const ctrl of controllersOf(mod)) {
    const bases = [Reflect.getMetadata(PATH_METADATA, ctrl)].flat() as (string | undefined)[];
    const classPublic = Reflect.getMetadata(IS_PUBLIC, ctrl) === true;
    for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
      if (name === 'constructor') continue;
      const handler = (ctrl.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function') continue;
      const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (verb === undefined) continue;
      const method = METHODS[verb];
      if (!method) throw new Error(`${service}: ${ctrl.name}.${name} uses a method the matrix does not know`);
      const paths = [Reflect.getMetadata(PATH_METADATA, handler)].flat() as (string | undefined)[];
      const isPublic = classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true;
      for (const base of bases) for (const p of paths) routes.push({ service, method, path: join(base, p), public: isPublic });
    }
  }
  return routes;
}

/** The `:name` parameters of an Express-style path. */
export const paramsOf = (p: string): string[] => [...p.matchAll(/(?<!\\):([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/** The path with each `:name` replaced by `values[name]` (an escaped `\:` is a colon); throws on an unknown one. */
export function fill(p: string, values: Record<string, string>, where: string): string {
  return p.replace(/(?<!\\):([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`${where}: no value of project B for the path parameter "${name}"; add one to the matrix`);
    return encodeURIComponent(v);
  }).replace(/\\:/g, ':');
}

/** One service's Nest app, built as its main.ts builds it, listening on a free loopback port. */
export async function startInProcess(service: string, env: Record<string, string | undefined>): Promise<{ url: string; app: INestApplication }> {
  const dir = path.join(root, 'services', service, 'src');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = (require(path.join(dir, `${service}.settings.ts`)) as Record<string, unknown>)[`${service}Settings`] as ConfigShape;
  if (!settings) throw new Error(`services/${service}: no ${service}Settings export`);
  const config = loadConfig(service, { ...platformSettings, ...settings }, env);
  const app = await NestFactory.create(moduleOf(service).register(config), { logger: ['error'] });
  await connectEventHandlers(app);
  await app.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`, app };
}
