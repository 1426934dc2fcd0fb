import type { z } from 'zod';
import { fieldsOf } from '../../api/schemas';
import type { MonotonicClock } from '../clock';
import { validationError } from '../errors';
import type { Query } from '../pagination';
import type { OrganisationState } from '../store';

/** Everything a handler needs. Handlers are synchronous: each reads and writes the store in one go. */
export interface ApiContext {
  organisationId: string;
  /** The emulator's origin as the client reached it, e.g. `http://127.0.0.1:8787`. */
  origin: string;
  org: OrganisationState;
  clock: MonotonicClock;
  newId: () => string;
  params: Record<string, string>;
  query: Query;
  body: unknown;
}

export interface ApiResult {
  status: number;
  /** JSON, or the text of a document whose type `headers` give (GetRawSchema). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type ApiHandler = (ctx: ApiContext) => ApiResult;

/** Parses `value` with `schema`, or throws a 400 whose fields are prefixed with `prefix`. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: ReadonlyArray<PropertyKey> = []): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(fieldsOf(result.error, prefix));
  return result.data;
}

export function param(ctx: ApiContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
}
