#!/usr/bin/env node
// versori-preview-summary [FILE] [--drift] [--exit-code] [--details-url URL] [--marker TEXT] [--limit N]
// Reads `pulumi preview --json` output (a pull-request comment) or `pulumi refresh --preview-only --json` output (a
// drift report) from FILE or standard input and writes Markdown to standard output. Exits 2, saying why, on anything
// else; 1, in one line, on a bug of ours; with --exit-code, 3 when something changes or drifted, 4 on a failed run.
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { resourceChanges } from './changes';
import { driftOf, inputKind, renderDriftReport } from './drift';
import { errorCount, GITHUB_COMMENT_LIMIT, type RenderOptions } from './layout';
import { renderPreviewComment } from './render';
import { parsePreviewJson, PreviewInputError, type PreviewJson } from './schema';

const NAME = 'versori-preview-summary';
const USAGE = `usage: ${NAME} [FILE] [--drift] [--exit-code] [--details-url URL] [--marker TEXT] [--limit N]
  Turns \`pulumi preview --json\` output (FILE, or standard input) into a Markdown comment on standard output, or
  \`pulumi refresh --preview-only --json\` output into a drift report: what changed on the platform outside Pulumi.
  --drift            the input is a refresh: refuse a preview, and report no drift for a stack with no resources
  --exit-code        exit 3 when the preview changes something or the refresh found drift, 4 when it reported an error
  --details-url URL  where the full preview can be read, linked when resources are left out for size
  --marker TEXT      a hidden <!-- TEXT --> last line, to find the comment again
  --limit N          the largest comment in bytes (default ${GITHUB_COMMENT_LIMIT}, GitHub's limit)
exit status: 0 written (with --exit-code: nothing changes, no drift); 3 and 4 only with --exit-code, the Markdown
  written all the same; 2 input that is not such JSON, or a bad option; 1 a bug of ours`;

/** With --exit-code: something changes or drifted; the run reported an error. */
export const EXIT_CHANGES = 3;
export const EXIT_FAILED = 4;

class UsageError extends Error {}

interface CommandLine {
  file?: string;
  help: boolean;
  drift: boolean;
  exitCode: boolean;
  options: RenderOptions;
}

function parseCommandLine(argv: string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        drift: { type: 'boolean' },
        'exit-code': { type: 'boolean' },
        'details-url': { type: 'string' },
        marker: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`one input file at most, got ${positionals.length}`);
  const limit = values.limit;
  if (limit !== undefined && !/^[1-9]\d*$/.test(limit)) throw new UsageError(`--limit ${limit} is not a number of bytes`);
  return {
    file: positionals[0] === '-' ? undefined : positionals[0],
    help: values.help === true,
    drift: values.drift === true,
    exitCode: values['exit-code'] === true,
    options: { detailsUrl: values['details-url'], marker: values.marker, limit: limit === undefined ? undefined : Number(limit) },
  };
}

function readInput(file: string | undefined): string {
  if (file === undefined && process.stdin.isTTY) {
    throw new UsageError('no input: give a file, or pipe `pulumi preview --json` (or `pulumi refresh --preview-only --json`) in');
  }
  try {
    return fs.readFileSync(file ?? 0, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PreviewInputError(`cannot read ${file ?? 'standard input'}: ${reason}`);
  }
}

/** The Markdown for the input, and the exit code --exit-code asks for. */
function summarise(json: PreviewJson, drift: boolean, options: RenderOptions): { markdown: string; code: number } {
  const kind = inputKind(json);
  if (drift && kind === 'preview') {
    throw new PreviewInputError('--drift: the input is the output of `pulumi preview --json`, not of `pulumi refresh --preview-only --json`');
  }
  const failed = errorCount(json.diagnostics) > 0;
  if (drift || kind === 'refresh') {
    const found = driftOf(json).resources.length > 0;
    return { markdown: renderDriftReport(json, options), code: failed ? EXIT_FAILED : found ? EXIT_CHANGES : 0 };
  }
  const changes = resourceChanges(json).some((change) => change.action !== 'same');
  return { markdown: renderPreviewComment(json, options), code: failed ? EXIT_FAILED : changes ? EXIT_CHANGES : 0 };
}

/** Runs the command; resolves to its exit code. */
export function main(argv: string[]): number {
  try {
    const { file, help, drift, exitCode, options } = parseCommandLine(argv);
    if (help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const { markdown, code } = summarise(parsePreviewJson(readInput(file)), drift, options);
    process.stdout.write(markdown);
    return exitCode ? code : 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof PreviewInputError) {
      process.stderr.write(`${NAME}: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
      return 2;
    }
    // An input we fail to render is our bug: one line saying so, never a stack trace in the CI log.
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${NAME}: could not render this input (${reason}); please report it with the JSON\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
