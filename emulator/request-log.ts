import { closeSync, constants, existsSync, fchmodSync, fstatSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Query } from './pagination';
import { withoutSecrets } from './redact';

/** The most a log file may hold before it is rotated; at most twice this is kept (the file and its `.1`). */
export const DEFAULT_REQUEST_LOG_MAX_BYTES = 64 * 1024 * 1024;
/** Enough for any line without its bodies (a URL cannot be longer than the 16 KiB of a request's headers). */
export const MIN_REQUEST_LOG_MAX_BYTES = 64 * 1024;

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Query;
  /** Absent when the socket was reset before any answer. */
  status?: number;
  /** The body when it was a JSON object or array; text, where no secret could be told apart, is never logged. */
  requestBody?: unknown;
  responseBody?: unknown;
  /** Set when a fault was injected: `error` (answered with a fault status), `reset` or `drop`. */
  fault?: 'error' | 'reset' | 'drop';
  /** Set when the bodies were left out: with them, the line would not fit in a log file. */
  bodiesOmitted?: true;
}

/** The rotated file, holding the entries just older than those of `file`. */
export function rotatedFile(file: string): string {
  return `${file}.1`;
}

function lineOf(entry: RequestLogEntry, maxBytes: number): string {
  const { requestBody, responseBody, ...rest } = entry;
  try {
    const line = `${JSON.stringify({
      ...rest,
      ...(typeof requestBody === 'object' && requestBody !== null && { requestBody: withoutSecrets(requestBody) }),
      ...(typeof responseBody === 'object' && responseBody !== null && { responseBody: withoutSecrets(responseBody) }),
    })}\n`;
    if (Buffer.byteLength(line) <= maxBytes) return line;
  } catch {
    // A body that cannot be serialized is left out like one too large.
  }
  return `${JSON.stringify({ ...rest, bodiesOmitted: true })}\n`;
}

/**
 * Appends one JSON line per API request, synchronously, so a client that got its answer can read its line. Secret
 * values are logged as "". When the next line would take the file past `maxBytes`, the file becomes `<file>.1`
 * (replacing the older one) and a new file begins. Writing never fails a request: a failure is reported on stderr, once until a write succeeds again.
 */
export class RequestLog {
  private size: number;
  private failing = false;

  constructor(
    private readonly file: string,
    private readonly maxBytes = DEFAULT_REQUEST_LOG_MAX_BYTES,
  ) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < MIN_REQUEST_LOG_MAX_BYTES) {
      throw new Error(`the request log size limit must be a whole number of bytes, at least ${MIN_REQUEST_LOG_MAX_BYTES}`);
    }
    this.size = appendToLog(file, '');
  }

  write(entry: RequestLogEntry): void {
    const line = lineOf(entry, this.maxBytes);
    const bytes = Buffer.byteLength(line);
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      this.size = appendToLog(this.file, line);
      this.failing = false;
    } catch (error) {
      if (!this.failing) process.stderr.write(`versori-emulator: could not write the request log ${this.file}: ${String(error)}\n`);
      this.failing = true;
    }
  }

  private rotate(): void {
    this.size = 0;
    if (existsSync(this.file)) renameSync(this.file, rotatedFile(this.file));
  }
}

/**
 * Appends `text` to the log and returns its size. The file is created readable by its owner only (an existing one
 * is made so) and never opened through a link: a link planted at its path is refused, not followed.
 */
function appendToLog(file: string, text: string): number {
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  try {
    fchmodSync(fd, 0o600);
    if (text !== '') writeSync(fd, text);
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

function entriesOf(file: string): RequestLogEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RequestLogEntry);
}

/** Every entry of a request log, oldest first: those of the rotated file, then those of the file itself. */
export function readRequestLog(file: string): RequestLogEntry[] {
  return [...entriesOf(rotatedFile(file)), ...entriesOf(file)];
}
