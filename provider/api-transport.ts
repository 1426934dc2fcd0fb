// What the endpoint groups need of the client: its paths and one typed call. The client implements it; the groups
// (provider/version-endpoints.ts) depend on this and not on the client, so neither imports the other back.
import type { Method } from 'axios';
import type { z } from 'zod';
import type { InlineSchema } from '../api/versions';
import type { Subject } from './api-error';

/** An array is sent as the parameter repeated (`categories=A&categories=B`). */
export type QueryValues = Record<string, string | number | boolean | readonly string[] | undefined>;

/** One endpoint call, as the client sends it. */
export interface Call<T> {
  readonly operation: string;
  readonly subject: Subject;
  readonly method: Method;
  readonly path: string;
  readonly query?: QueryValues;
  readonly body?: unknown;
  /** Response schema; undefined for responses without a body. */
  readonly schema?: z.ZodType<T>;
}

export type CallOptions<T> = Pick<Call<T>, 'body' | 'query' | 'schema'>;

export interface ApiTransport {
  /** The path of something in the organisation: `orgPath('/connectors')`. */
  orgPath(suffix: string): string;
  /** The path of a connector, or of what lies below it: `connectorPath(id, 'connections', connectionId)`. */
  connectorPath(connectorId: string, ...below: string[]): string;
  /** One endpoint call: `options` carries the body, the query and the response schema (none for empty responses). */
  send<T = void>(operation: string, subject: Subject, method: Method, path: string, options?: CallOptions<T>): Promise<T>;
  /** A GET whose answer is a document, not JSON: its text exactly as sent, and its content type. */
  fetchDocument(operation: string, subject: Subject, path: string): Promise<InlineSchema>;
}
