// Markdown for values and property changes. Every value the preview carries is written inside a code span, so that
// nothing in it can format, link or mention; long values are cut.
import { UNKNOWN } from '../provider/diff';
import type { PropertyChange, Value } from './properties';

/** Longest value shown, in characters; a longer one ends in "…". */
export const MAX_VALUE_LENGTH = 120;

/** The size GitHub counts a comment in, taken as UTF-8 bytes: never less than its count of characters. */
export function sizeOf(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function truncate(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * Characters that end a line or a paragraph where the comment is rendered (CR alone included), other control
 * characters, and those that reorder how text is displayed (bidirectional overrides): each is written as an escape.
 */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every unsafe character as a visible escape (`\r`, `\u202e`): one line, read as it is stored. */
export function visible(text: string, keep: readonly string[] = []): string {
  return text.replace(UNSAFE_CHARACTERS, (c) =>
    keep.includes(c) ? c : (NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

/** `text` as an inline code span, whatever backticks or line breaks it holds: nothing in it can end the span. */
export function code(text: string): string {
  const flat = visible(text);
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const padded = flat.startsWith('`') || flat.endsWith('`') ? ` ${flat} ` : flat;
  return `${fence}${padded}${fence}`;
}

/** `text` as a fenced code block: its lines kept (any line break as "\n"), other unsafe characters escaped. */
export function codeBlock(text: string): string {
  const lines = visible(text.replace(/\r\n?|[\u2028\u2029]/g, '\n'), ['\n', '\t']);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(lines) + 1));
  return `${fence}text\n${lines}\n${fence}`;
}

export const UNKNOWN_TEXT = '_unknown until apply_';

/** What a changed resource says when every property that differs is one never shown. */
export const ONLY_INTERNAL = 'no property shown: only inputs internal to the engine or the provider differ';

/** A value in a sentence: a code span, or words for a secret, an unknown or an absent value. */
export function formatValue(value: Value): string {
  switch (value.state) {
    case 'secret':
      return 'hidden (secret)';
    case 'unknown':
      return UNKNOWN_TEXT;
    case 'absent':
      return '_absent_';
    case 'known':
      // An unknown inside a known value (a list with one unknown item) is written <unknown>, outside any quotes.
      return code(truncate(JSON.stringify(value.value).split(`"${UNKNOWN}"`).join('<unknown>'), MAX_VALUE_LENGTH));
  }
}

function isSecret(value: Value): boolean {
  return value.state === 'secret';
}

/** One changed property: its path, then old → new; a secret on either side is only said to have changed. */
export function formatChange(change: PropertyChange): string {
  const path = code(truncate(change.path, MAX_VALUE_LENGTH));
  if (isSecret(change.old) || isSecret(change.new)) {
    const verb = change.kind === 'add' ? 'added' : change.kind === 'delete' ? 'removed' : 'changed';
    return `${path}: ${verb}, hidden`;
  }
  if (change.kind === 'add' && change.old.state === 'absent') return `${path}: added ${formatValue(change.new)}`;
  if (change.kind === 'delete' && change.new.state === 'absent') return `${path}: removed (was ${formatValue(change.old)})`;
  return `${path}: ${formatValue(change.old)} → ${formatValue(change.new)}`;
}
