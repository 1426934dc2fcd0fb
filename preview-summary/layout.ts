// What the preview comment and the drift report share: the options, how a resource's type is named, the engine's
// errors and warnings, the list of a resource's properties, and how the parts are joined within GitHub's size limit.
import { parseUrn } from './changes';
import { code, codeBlock, sizeOf, truncate } from './markdown';
import type { Diagnostic } from './schema';
import { versoriKind } from './versori';

/** GitHub refuses a comment (or an issue body) longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Properties listed per resource; the rest are counted. */
const MAX_PROPERTIES = 50;
const MAX_DIAGNOSTICS = 5;
const MAX_DIAGNOSTIC_LENGTH = 2_000;

export interface RenderOptions {
  /** The largest comment, in UTF-8 bytes (never fewer than characters); GitHub's limit when absent. */
  limit?: number;
  /** Where the full preview can be read (e.g. the CI run); the line about left-out resources links it. */
  detailsUrl?: string;
  /** Written as a hidden HTML comment on the last line, to find the comment again. */
  marker?: string;
}

/** Where the whole of what was cut can be read: "the full preview", or run `command` for it. */
export interface FullText {
  /** What is being kept short: "comment", "report". */
  readonly kept: string;
  /** What the full text is: "preview", "report". */
  readonly full: string;
  readonly command: string;
}

/** Ours by their kind's name (`Connection`); any other resource by its whole type token, as code. */
export function typeLabel(type: string): string {
  return versoriKind(type) === undefined ? code(type) : type.split(':').pop() ?? type;
}

export function errorCount(diagnostics: readonly Diagnostic[] | undefined): number {
  return (diagnostics ?? []).filter((diagnostic) => diagnostic.severity === 'error').length;
}

/** Each error and warning, with the resource it is about, its text in a fenced block; at most five. */
export function diagnosticBlocks(diagnostics: readonly Diagnostic[]): string[] {
  const shown = diagnostics.filter((diagnostic) => diagnostic.severity === 'error' || diagnostic.severity === 'warning');
  const blocks = shown.slice(0, MAX_DIAGNOSTICS).map((diagnostic) => {
    const resource = diagnostic.urn === undefined ? undefined : parseUrn(diagnostic.urn);
    const where = resource === undefined || resource.name === '' ? '' : ` in ${typeLabel(resource.type)} ${code(resource.name)}`;
    // The CLI may colour a message, and starts it with its severity again; a comment shows the text only.
    const text = diagnostic.message.replace(/\u001b\[[0-9;]*m/g, '').trim();
    const message = truncate(text.startsWith(`${diagnostic.severity}: `) ? text.slice(diagnostic.severity.length + 2) : text, MAX_DIAGNOSTIC_LENGTH);
    return `**${diagnostic.severity}**${where}:\n${codeBlock(message)}`;
  });
  if (shown.length > MAX_DIAGNOSTICS) blocks.push(`… and ${shown.length - MAX_DIAGNOSTICS} more errors and warnings`);
  return blocks;
}

/** A resource's property lines, at most MAX_PROPERTIES of them, then how many more there are. */
export function limitedProperties(lines: readonly string[]): string[] {
  if (lines.length <= MAX_PROPERTIES) return [...lines];
  return [...lines.slice(0, MAX_PROPERTIES), `… and ${lines.length - MAX_PROPERTIES} more properties`];
}

/** A resource block: its title line, then each item as a list entry. */
export function block(title: string, items: ReadonlyArray<string | undefined>): string {
  const listed = items.filter((item): item is string => item !== undefined);
  return [title, ...listed.map((item) => `- ${item}`)].join('\n');
}

/** The hidden last line a comment is found again by; `--` cannot end the HTML comment early. */
export function markerLines(marker: string | undefined): string[] {
  return marker === undefined ? [] : [`<!-- ${marker.replace(/--/g, '- -')} -->`];
}

function leftOutLine(count: number, detailsUrl: string | undefined, text: FullText): string {
  const resources = count === 1 ? '1 more resource is' : `${count} more resources are`;
  const where = detailsUrl === undefined ? `run \`${text.command}\` for the full ${text.full}` : `the full ${text.full}: ${detailsUrl}`;
  return `_${resources} left out to keep this ${text.kept} within GitHub's size limit; ${where}._`;
}

/** Joins the parts, keeping as many resource blocks, in order, as fit within the limit, and saying how many did not. */
export function fit(head: string[], blocks: string[], tail: string[], options: RenderOptions, text: FullText): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const join = (parts: string[]) => `${parts.join('\n\n')}\n`;
  const whole = join([...head, ...blocks, ...tail]);
  if (sizeOf(whole) <= limit) return whole;
  const cut = (kept: number) => join([...head, ...blocks.slice(0, kept), leftOutLine(blocks.length - kept, options.detailsUrl, text), ...tail]);
  let kept = 0;
  while (kept < blocks.length && sizeOf(cut(kept + 1)) <= limit) kept += 1;
  return cut(kept);
}
