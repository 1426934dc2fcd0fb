import { appendFileSync, readFileSync } from 'node:fs';
import type { Query } from './pagination';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Query;
  /** Absent when the socket was reset before any answer. */
  status?: number;
  requestBody?: unknown;
  responseBody?: unknown;
  /** Set when a fault was injected: `error` (answered with a fault status), `reset` or `drop`. */
  fault?: 'error' | 'reset' | 'drop';
}

/** Appends one JSON line per API request, synchronously, so a client that got its answer can read its line. */
export class RequestLog {
  constructor(private readonly file: string) {}

  write(entry: RequestLogEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`, 'utf8');
  }
}

/** Every entry of a request log file, oldest first. */
export function readRequestLog(file: string): RequestLogEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RequestLogEntry);
}
