// The captured previews (scripts/capture-previews.ts), read for the tests: each case's engine JSON, as the renderer
// parses it and as the engine wrote it, its `--diff` text and its golden Markdown.
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { parsePreviewJson, type PreviewJson } from '../../preview-summary/schema';
import { FIXTURES_DIR } from '../../scripts/capture-previews';

export { FIXTURES_DIR };

export function fixtureFile(name: string, extension: 'json' | 'txt' | 'md'): string {
  return fs.readFileSync(path.join(FIXTURES_DIR, `${name}.${extension}`), 'utf8');
}

export function preview(name: string): PreviewJson {
  return parsePreviewJson(fixtureFile(name, 'json'));
}

/** A step as the engine wrote it, with the marks the renderer does not read. */
const EngineStep = z.object({
  op: z.string(),
  urn: z.string(),
  oldState: z
    .object({
      inputs: z.record(z.string(), z.unknown()).optional(),
      delete: z.boolean().optional(),
      pendingReplacement: z.boolean().optional(),
    })
    .optional(),
  newState: z.object({ inputs: z.record(z.string(), z.unknown()).optional() }).optional(),
  replaceReasons: z.array(z.string()).optional(),
  diffReasons: z.array(z.string()).optional(),
  detailedDiff: z.record(z.string(), z.object({ kind: z.string(), inputDiff: z.boolean() })).nullable(),
});
export type EngineStep = z.infer<typeof EngineStep>;

const EngineJson = z.object({ steps: z.array(EngineStep), changeSummary: z.record(z.string(), z.number()) });

export function engineJson(name: string): z.infer<typeof EngineJson> {
  return EngineJson.parse(JSON.parse(fixtureFile(name, 'json')));
}

/** The one step of a case for the resource named `name`. */
export function engineStep(fixture: string, name: string): EngineStep {
  const steps = engineJson(fixture).steps.filter((step) => step.urn.endsWith(`::${name}`));
  if (steps.length !== 1) throw new Error(`${fixture}: ${steps.length} steps for ${name}`);
  return steps[0];
}

/** The lines of the `--diff` text that describe the resource named `name`: from its header to the next resource. */
export function textBlock(fixture: string, name: string): string[] {
  const lines = fixtureFile(fixture, 'txt').split('\n');
  const urnLine = lines.findIndex((line) => line.trim().startsWith('[urn=') && line.trim().endsWith(`::${name}]`));
  if (urnLine === -1) throw new Error(`${fixture}.txt does not show ${name}`);
  let start = urnLine;
  while (start > 0 && !/: \([a-z-]+\)$/.test(lines[start])) start -= 1;
  const end = lines.findIndex((line, i) => i > urnLine && (/: \([a-z-]+\)$/.test(line) || /^(Resources:|\s+--outputs:--)/.test(line)));
  return lines.slice(start, end === -1 ? undefined : end);
}

/** The lines under the resource titled `title` (e.g. "**replace** Connection `crm-reporting`"), to the next blank line. */
export function markdownBlock(markdown: string, title: string): string[] {
  const blocks = markdown.trimEnd().split('\n\n').map((block) => block.split('\n'));
  const block = blocks.find((lines) => lines[0] === title);
  if (block === undefined) throw new Error(`no block titled ${title} in:\n${markdown}`);
  return block.slice(1);
}
