import { invalidField } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export type Query = Record<string, string | string[] | undefined>;

interface Ordered {
  id: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  next?: string;
  prev?: string;
}

/** One query parameter, given at most once. */
export function queryParam(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw invalidField(name, 'must be given at most once');
  return value;
}

function encodeCursor(item: Ordered): string {
  return Buffer.from(JSON.stringify([item.updatedAt, item.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, field: string): Ordered {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && typeof decoded[1] === 'string') {
      return { updatedAt: decoded[0], id: decoded[1] };
    }
  } catch {
    // falls through to the 400 below
  }
  throw invalidField(field, 'is not a cursor returned by this API');
}

/** Most recently updated first; ties (one timestamp shared by several objects) broken by ID, descending. */
export function compareNewestFirst(a: Ordered, b: Ordered): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  if (a.id !== b.id) return a.id < b.id ? 1 : -1;
  return 0;
}

/** `first`: 1 to MAX_PAGE_SIZE; with `clamp`, a greater value is taken as MAX_PAGE_SIZE instead of a 400. */
export function parsePageSize(query: Query, clamp = false): number {
  const raw = queryParam(query, 'first');
  if (raw === undefined) return DEFAULT_PAGE_SIZE;
  const message = clamp ? 'must be a positive integer' : `must be an integer from 1 to ${MAX_PAGE_SIZE}`;
  if (!/^\d+$/.test(raw)) throw invalidField('first', message);
  const size = Number(raw);
  if (size < 1 || (size > MAX_PAGE_SIZE && !clamp)) throw invalidField('first', message);
  return Math.min(size, MAX_PAGE_SIZE);
}

/** Cuts one page out of `all` per `first`, `after` and `before`; cursors are opaque (base64url of position). */
export function paginate<T extends Ordered>(all: readonly T[], query: Query, clamp = false): Page<T> {
  const size = parsePageSize(query, clamp);
  const after = queryParam(query, 'after');
  const before = queryParam(query, 'before');
  if (after !== undefined && before !== undefined) throw invalidField('before', 'cannot be combined with after');
  const sorted = [...all].sort(compareNewestFirst);
  let start = 0;
  let end = sorted.length;
  if (after !== undefined) {
    const position = decodeCursor(after, 'after');
    start = sorted.findIndex((item) => compareNewestFirst(item, position) > 0);
    if (start === -1) start = sorted.length;
    end = Math.min(sorted.length, start + size);
  } else if (before !== undefined) {
    const position = decodeCursor(before, 'before');
    end = sorted.findIndex((item) => compareNewestFirst(item, position) >= 0);
    if (end === -1) end = sorted.length;
    start = Math.max(0, end - size);
  } else {
    end = Math.min(sorted.length, size);
  }
  const items = sorted.slice(start, end);
  const page: Page<T> = { items, totalCount: sorted.length };
  const last = items[items.length - 1];
  const first = items[0];
  if (last !== undefined && end < sorted.length) page.next = encodeCursor(last);
  if (first !== undefined && start > 0) page.prev = encodeCursor(first);
  return page;
}

/** A page as the API returns it: `totalCount`, `next`/`prev` when there are more, and the items under `key`. */
export function pageBody<T, R>(page: Page<T>, key: string, render: (item: T) => R): Record<string, unknown> {
  return {
    totalCount: page.totalCount,
    ...(page.next !== undefined && { next: page.next }),
    ...(page.prev !== undefined && { prev: page.prev }),
    [key]: page.items.map(render),
  };
}
