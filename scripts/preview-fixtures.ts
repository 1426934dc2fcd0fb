// Deterministic stand-ins for what changes from one capture of a preview to the next: ids the platform and the
// engine make up (ULIDs, UUIDs), timestamps, the emulator's port, scratch folders, durations, the source positions
// and stack traces of registrations, the order of dependency lists and of a refresh's steps.
// scripts/capture-previews.ts applies them to what the CLI printed.
import { UNKNOWN } from '../provider/diff';

const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const TIMESTAMP = /\b(?:19|20)\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g;
const LOOPBACK_PORT = /\b127\.0\.0\.1:\d+\b/g;
/** Keys that name where in the program or the SDK a resource was registered: they move with every edit of either. */
const SOURCE_KEYS = new Set(['sourcePosition', 'stackTrace']);

/** Numbers each distinct volatile value in the order it is first met, so that equal values stay equal. */
export class Placeholders {
  private readonly ulids = new Map<string, string>();
  private readonly uuids = new Map<string, string>();

  /** `scratch`: the folder the program ran in, shown as `<scratch>`. */
  constructor(private readonly scratch: string) {}

  apply(text: string): string {
    return text
      .split(this.scratch)
      .join('<scratch>')
      .replace(ULID, (ulid) => numbered(this.ulids, ulid, (n) => n.toString().padStart(26, '0')))
      .replace(UUID, (uuid) =>
        uuid === UNKNOWN ? uuid : numbered(this.uuids, uuid, (n) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`),
      )
      .replace(TIMESTAMP, '2000-01-01T00:00:00.000Z')
      .replace(LOOPBACK_PORT, '127.0.0.1:8787');
  }
}

function numbered(seen: Map<string, string>, value: string, format: (n: number) => string): string {
  let placeholder = seen.get(value);
  if (placeholder === undefined) {
    placeholder = format(seen.size + 1);
    seen.set(value, placeholder);
  }
  return placeholder;
}

function isUrnList(value: unknown[]): value is string[] {
  return value.every((item) => typeof item === 'string' && item.startsWith('urn:pulumi:'));
}

/** Without source keys, and with lists of URNs (dependencies: sets, listed as they resolved) sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return isUrnList(value) ? [...value].sort() : value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SOURCE_KEYS.has(key))
      .map(([key, item]) => [key, canonical(item)]),
  );
}

function field(step: unknown, key: 'urn' | 'op'): string {
  const value = typeof step === 'object' && step !== null ? (step as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : '';
}

const byUrn = (a: unknown, b: unknown) => (field(a, 'urn') < field(b, 'urn') ? -1 : field(a, 'urn') > field(b, 'urn') ? 1 : 0);

/**
 * The steps with the reads of a refresh, which finish (and are listed) in any order, in URN order: all of them for
 * `refresh --preview-only`, the leading `refresh` steps for `preview --refresh` (the plan's steps follow in order).
 */
function sortedReads(steps: unknown[], reads: 'all' | 'leading'): unknown[] {
  const planned = steps.findIndex((step) => field(step, 'op') !== 'refresh');
  const end = reads === 'all' || planned === -1 ? steps.length : planned;
  return [...steps.slice(0, end).sort(byUrn), ...steps.slice(end)];
}

/**
 * `pulumi preview --json` (or `refresh --preview-only --json`) output with its volatile values replaced, indented as
 * the CLI indents it; `reads` puts the steps of a refresh in URN order.
 */
export function normaliseJson(stdout: string, placeholders: Placeholders, { reads }: { reads?: 'all' | 'leading' } = {}): string {
  const parsed = canonical(JSON.parse(stdout)) as Record<string, unknown>;
  if (typeof parsed.duration === 'number') parsed.duration = 0;
  if (reads !== undefined && Array.isArray(parsed.steps)) parsed.steps = sortedReads(parsed.steps, reads);
  return `${placeholders.apply(JSON.stringify(parsed, null, 4))}\n`;
}

/** `pulumi preview --diff` output with its volatile values replaced. */
export function normaliseText(stdout: string, placeholders: Placeholders): string {
  return placeholders.apply(stdout);
}
