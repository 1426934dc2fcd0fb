#!/usr/bin/env node
// versori-preview-summary [FILE] [--details-url URL] [--marker TEXT] [--limit N]
// Reads `pulumi preview --json` output from FILE (or standard input) and writes a pull-request comment in Markdown
// to standard output. Exits 2, saying why, on anything that is not preview JSON; 1, in one line, on a bug of ours.
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { renderPreviewComment, GITHUB_COMMENT_LIMIT, type RenderOptions } from './render';
import { parsePreviewJson, PreviewInputError } from './schema';

const NAME = 'versori-preview-summary';
const USAGE = `usage: ${NAME} [FILE] [--details-url URL] [--marker TEXT] [--limit N]
  Turns \`pulumi preview --json\` output (FILE, or standard input) into a Markdown comment on standard output.
  --details-url URL  where the full preview can be read, linked when resources are left out for size
  --marker TEXT      a hidden <!-- TEXT --> last line, to find the comment again
  --limit N          the largest comment in bytes (default ${GITHUB_COMMENT_LIMIT}, GitHub's limit)`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]): { file?: string; help: boolean; options: RenderOptions } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
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
    options: { detailsUrl: values['details-url'], marker: values.marker, limit: limit === undefined ? undefined : Number(limit) },
  };
}

function readInput(file: string | undefined): string {
  if (file === undefined && process.stdin.isTTY) throw new UsageError('no input: give a file, or pipe `pulumi preview --json` in');
  try {
    return fs.readFileSync(file ?? 0, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PreviewInputError(`cannot read ${file ?? 'standard input'}: ${reason}`);
  }
}

/** Runs the command; resolves to its exit code. */
export function main(argv: string[]): number {
  try {
    const { file, help, options } = parseCommandLine(argv);
    if (help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stdout.write(renderPreviewComment(parsePreviewJson(readInput(file)), options));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof PreviewInputError) {
      process.stderr.write(`${NAME}: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
      return 2;
    }
    // A preview we fail to render is our bug: one line saying so, never a stack trace in the CI log.
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${NAME}: could not render this preview (${reason}); please report it with the preview JSON\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
