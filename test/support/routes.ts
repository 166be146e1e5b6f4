import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export interface RouteKey {
  method: string;
  /** the route pattern as registered, e.g. `/api/productions/:pid/members` */
  url: string;
}

export const routeName = (route: RouteKey) => `${route.method} ${route.url}`;

/**
 * Every /api route the server answers, read back from its own router, so a
 * route added tomorrow shows up in the suites without anyone listing it.
 * The API docs (a plugin's pages) are left out.
 */
export function apiRoutes(app: FastifyInstance): RouteKey[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const prefixes: string[] = [];
  const routes: RouteKey[] = [];
  for (const line of tree.split('\n')) {
    const branch = line.search(/[├└]── /);
    if (branch < 0) continue;
    const depth = branch / 4;
    const node = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(branch + 4))!;
    const url = (depth > 0 ? prefixes[depth - 1]! : '') + node[1]!;
    prefixes[depth] = url;
    for (const method of node[2]?.split(', ') ?? []) {
      if (url.startsWith('/api/') && !url.startsWith('/api/docs')) routes.push({ method, url });
    }
  }
  return routes.sort((a, b) => routeName(a).localeCompare(routeName(b)));
}

/** Fills a route pattern's `:name` segments. */
export function fillParams(url: string, params: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${url}`);
    return encodeURIComponent(value);
  });
}

/** The parts of an answer the suites read (an event stream that stays open is read up to its headers). */
export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

/** An RFC 9457 problem document, as every refusal must be. */
export function expectProblem(res: Answer, status?: number) {
  if (status !== undefined) expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type'], res.body).toMatch(/^application\/problem\+json/);
  const problem = res.json() as { type: unknown; title: unknown; status: unknown; errors?: unknown; rule?: unknown };
  expect(problem, res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.statusCode });
  return problem as { type: string; title: string; status: number; errors?: Array<{ path: string; message: string }>; rule?: string };
}
