// `pulumi preview --json` output as a pull-request comment: one summary line, then each changed resource with its
// action and changed properties, within GitHub's comment size; unchanged resources are only counted.
import { countByAction, parseUrn, resourceChanges, stackOf, type ResourceChange } from './changes';
import { code, codeBlock, formatChange, formatValue, sizeOf, truncate, UNKNOWN_TEXT } from './markdown';
import { topLevelProperty } from './properties';
import type { Diagnostic, PreviewJson } from './schema';
import { nounFor, replaceReasonInWords, versoriKind } from './versori';

/** GitHub refuses a comment body longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Properties listed per resource; the rest are counted. */
export const MAX_PROPERTIES = 50;
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

function summaryLine(preview: PreviewJson, changes: readonly ResourceChange[]): string {
  const stack = stackOf(preview);
  const title = stack === undefined ? 'Pulumi preview' : `Pulumi preview of ${code(stack)}`;
  const errors = (preview.diagnostics ?? []).filter((diagnostic) => diagnostic.severity === 'error').length;
  const counts = countByAction(preview, changes).map(([action, n]) => (action === 'same' ? `${n} unchanged` : `${n} to ${action}`));
  if (errors > 0) {
    const sofar = counts.length > 0 ? ` (counted before it stopped: ${counts.join(', ')})` : '';
    return `**${title} failed:** ${errors} ${errors === 1 ? 'error' : 'errors'}${sofar}`;
  }
  const changed = changes.some((change) => change.action !== 'same');
  return `**${title}:** ${(changed ? counts : ['no changes', ...counts]).join(', ')}`;
}

function diagnosticBlocks(diagnostics: readonly Diagnostic[]): string[] {
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

function typeLabel(type: string): string {
  return versoriKind(type) === undefined ? code(type) : type.split(':').pop() ?? type;
}

function reasonLine(change: ResourceChange): string | undefined {
  if (change.replaceReasons.length === 0) return undefined;
  const reasons = change.replaceReasons.map((property) => {
    const paths = change.changes.filter((candidate) => topLevelProperty(candidate.path) === property);
    const named = paths.length > 0 ? paths.map((candidate) => code(candidate.path)).join(', ') : code(property);
    const unknown = paths.length > 0 && paths.every((candidate) => candidate.new.state === 'unknown');
    const what = unknown ? `${named} may change (${UNKNOWN_TEXT})` : `${named} changed`;
    const words = replaceReasonInWords(change.type, property);
    return words === undefined ? what : `${words}: ${what}`;
  });
  return `why: ${reasons.join('; ')}`;
}

function orderLine(change: ResourceChange): string | undefined {
  const noun = nounFor(change.type);
  if (change.deleteFirst === undefined) return undefined;
  if (!change.deleteFirst) return `order: creates the new ${noun} first, then deletes the old one`;
  const reason = change.deleteFirstReason === undefined ? '' : ` (${change.deleteFirstReason})`;
  return `order: deletes the old ${noun} first, then creates the new one${reason}`;
}

function propertyLines(change: ResourceChange): string[] {
  const lines =
    change.action === 'create'
      ? change.inputs.map((input) => `${code(input.path)}: ${formatValue(input.value)}`)
      : change.changes.map(formatChange);
  if (lines.length === 0 && (change.action === 'update' || change.action === 'replace')) {
    return ['no property shown: only inputs internal to the engine or the provider differ'];
  }
  if (lines.length <= MAX_PROPERTIES) return lines;
  return [...lines.slice(0, MAX_PROPERTIES), `… and ${lines.length - MAX_PROPERTIES} more properties`];
}

/** One resource: a title line, then a list of why, order, notes and properties. */
function resourceBlock(change: ResourceChange): string {
  const title = `**${change.action}** ${typeLabel(change.type)} ${code(change.name)}`;
  const idLine = change.action !== 'create' && change.action !== 'update' && change.action !== 'replace' && change.id !== undefined;
  const items = [
    reasonLine(change),
    orderLine(change),
    ...change.notes.map((note) => `note: ${note}`),
    idLine ? `id: ${code(change.id ?? '')}` : undefined,
    ...propertyLines(change),
  ].filter((item): item is string => item !== undefined);
  return [title, ...items.map((item) => `- ${item}`)].join('\n');
}

function leftOutLine(count: number, detailsUrl: string | undefined): string {
  const resources = count === 1 ? '1 more resource is' : `${count} more resources are`;
  const where = detailsUrl === undefined ? 'run `pulumi preview --diff` for the full preview' : `the full preview: ${detailsUrl}`;
  return `_${resources} left out to keep this comment within GitHub's size limit; ${where}._`;
}

/** Joins the comment's parts, keeping as many resource blocks, in order, as fit within `limit`. */
function fit(head: string[], blocks: string[], tail: string[], limit: number, detailsUrl: string | undefined): string {
  const join = (parts: string[]) => `${parts.join('\n\n')}\n`;
  const whole = join([...head, ...blocks, ...tail]);
  if (sizeOf(whole) <= limit) return whole;
  let kept = 0;
  while (kept < blocks.length) {
    const next = join([...head, ...blocks.slice(0, kept + 1), leftOutLine(blocks.length - kept - 1, detailsUrl), ...tail]);
    if (sizeOf(next) > limit) break;
    kept += 1;
  }
  return join([...head, ...blocks.slice(0, kept), leftOutLine(blocks.length - kept, detailsUrl), ...tail]);
}

/** The comment for a preview. Pure: the same preview and options always give the same text. */
export function renderPreviewComment(preview: PreviewJson, options: RenderOptions = {}): string {
  const changes = resourceChanges(preview);
  const head = [summaryLine(preview, changes), ...diagnosticBlocks(preview.diagnostics ?? [])];
  const blocks = changes.filter((change) => change.action !== 'same').map(resourceBlock);
  const tail = options.marker === undefined ? [] : [`<!-- ${options.marker.replace(/--/g, '- -')} -->`];
  return fit(head, blocks, tail, options.limit ?? GITHUB_COMMENT_LIMIT, options.detailsUrl);
}
