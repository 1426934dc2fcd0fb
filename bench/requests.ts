// API requests as the benchmark counts them: by operation, `METHOD /path/template`, from the emulator's request log.
import { API_BASE_PATH } from '../api/schemas';
import { API_ROUTES, SCHEMA_ROUTES } from '../emulator/routes';
import type { LoggedRequest } from '../scripts/packed-install';

/** Requests by operation, e.g. `{ 'POST /protocols/http/connectors': 6 }`. */
export type RequestCounts = Record<string, number>;

const ROUTE_PATTERNS = [...API_ROUTES.map((route) => `${API_BASE_PATH}${route.path}`), ...SCHEMA_ROUTES.map((route) => route.url)].map((url) => ({
  pattern: new RegExp(`^${url.replace(/:\w+/g, '[^/]+')}$`),
  template: url.replace(API_BASE_PATH, '').replace('/o/:organisationId', '').replace(/:(\w+)/g, '{$1}'),
}));

/** `METHOD /path/template`, e.g. `PUT /connectors/{connectorId}/auth-scheme-configs/{authSchemeConfigId}`. */
export function operationOf(request: LoggedRequest): string {
  const route = ROUTE_PATTERNS.find((r) => r.pattern.test(request.path));
  return `${request.method} ${route?.template ?? `(no route) ${request.path}`}`;
}

/** Requests counted by operation, sorted by operation. */
export function countByOperation(requests: LoggedRequest[]): RequestCounts {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(operationOf(request), (counts.get(operationOf(request)) ?? 0) + 1);
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export const totalRequests = (counts: RequestCounts): number => Object.values(counts).reduce((a, b) => a + b, 0);

const MUTATING = /^(POST|PUT|PATCH|DELETE) /;

export const mutatingRequests = (counts: RequestCounts): number =>
  Object.entries(counts).reduce((n, [op, count]) => (MUTATING.test(op) ? n + count : n), 0);

/** True when both count the same requests of the same operations. */
export function sameRequests(a: RequestCounts, b: RequestCounts): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

/** A request as the log shows it, query included: the same key twice is the same object read twice. */
const keyOf = (request: LoggedRequest): string =>
  `${request.method} ${request.path}?${JSON.stringify(Object.entries(request.query).sort(([a], [b]) => a.localeCompare(b)))}`;

const succeeded = (request: LoggedRequest): boolean => request.status !== undefined && request.status >= 200 && request.status < 300;

/** The requests answered 2xx. */
export const successfulRequests = (requests: LoggedRequest[]): LoggedRequest[] => requests.filter(succeeded);

/** The requests answered 429 (rate limited). */
export const throttledRequests = (requests: LoggedRequest[]): number => requests.filter((request) => request.status === 429).length;

/** Requests answered 2xx more than once, method, path and query alike: each is one object read again. */
export function repeatedRequests(requests: LoggedRequest[]): string[] {
  const seen = new Map<string, number>();
  for (const request of successfulRequests(requests)) seen.set(keyOf(request), (seen.get(keyOf(request)) ?? 0) + 1);
  return [...seen.entries()].filter(([, count]) => count > 1).map(([key]) => key);
}

/** Requests whose last attempt in the log was not answered 2xx: given up on, or never retried. */
export function unansweredRequests(requests: LoggedRequest[]): string[] {
  const last = new Map<string, LoggedRequest>();
  for (const request of requests) last.set(keyOf(request), request);
  return [...last.entries()].filter(([, request]) => !succeeded(request)).map(([key, request]) => `${key} (${request.status ?? 'no answer'})`);
}
