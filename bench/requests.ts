// API requests as the benchmark counts them: by operation, `METHOD /path/template`, from the emulator's request log.
import { API_ROUTES } from '../emulator/routes';
import type { LoggedRequest } from '../scripts/packed-install';

/** Requests by operation, e.g. `{ 'POST /protocols/http/connectors': 6 }`. */
export type RequestCounts = Record<string, number>;

const ROUTE_PATTERNS = API_ROUTES.map((route) => ({
  pattern: new RegExp(`^/api/connect/v1${route.path.replace(/:\w+/g, '[^/]+')}$`),
  template: route.path.replace('/o/:organisationId', '').replace(/:(\w+)/g, '{$1}'),
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
