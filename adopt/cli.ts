#!/usr/bin/env node
// versori-adopt DIR [--project NAME] [--name-contains TEXT] [--tag KEY=VALUE]... [--split-by-tag KEY] [--force]
//               [--without-secrets]
// Reads a Versori organisation (VERSORI_TOKEN, VERSORI_ORGANISATION_ID, VERSORI_BASE_URL) and writes a Pulumi
// TypeScript program folder at DIR that adopts every object read, so that its first `pulumi up` changes nothing; or,
// split by a connector tag, one such folder per value below DIR.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveSettings, resolveTuning } from '../provider/config';
import { clientOptionsOf } from '../provider/context';
import { VersoriClient } from '../provider/client';
import { folderFiles, writeFolder } from './folder';
import { configSizeWarnings } from './limits';
import { describeCounts, generateProgram, type GeneratedProgram } from './program';
import { readOrganisation, type Filters, type Organisation } from './read';
import { splitByTag } from './split';
import { splitFolderFiles } from './split-folder';

const NAME = 'versori-adopt';
const USAGE = `usage: ${NAME} DIR [--project NAME] [--name-contains TEXT] [--tag KEY=VALUE]... [--split-by-tag KEY] [--force]
         [--without-secrets]
  Reads the Versori organisation of VERSORI_TOKEN and VERSORI_ORGANISATION_ID (at VERSORI_BASE_URL, else the platform)
  and writes a Pulumi TypeScript program at DIR declaring its connectors, auth scheme configs, connections and
  connector versions (definitions, actions, triggers, publications), each
  adopted with the import option: the first \`pulumi up\` changes nothing. DIR's README lists the secrets to set.
  --project NAME        the Pulumi project name (default: DIR's name)
  --name-contains TEXT  only connectors whose name contains TEXT (any case)
  --tag KEY=VALUE       only connectors with this tag (repeat for several: all must match)
  --split-by-tag KEY    write one project per value of the connectors' tag KEY, in DIR/<value>/ (and one for those
                        without it), each connector with its configs, connections and versions, and DIR/README.md
                        listing them. Split above about 1,000 objects or 1,200 secrets: Pulumi rewrites a stack's
                        whole state after every step, so a first \`up\` of 2,740 objects took 25 min where six
                        projects of them took 6.5 min, and a stack's config must fit in 128 KiB (docs/adopting.md)
  --force               write into DIR even when it is not empty (the generated files replace theirs)
  --without-secrets     declare no secret the API never returns: each connection credential with unmanagedSecrets:
                        true and without its secret data, each OAuth 2.0 grant without clientSecret; the platform
                        keeps them as it holds them (such a connection can be updated in place, never replaced)`;

class UsageError extends Error {}

interface Command {
  readonly dir: string;
  readonly project: string;
  readonly filters: Filters;
  /** The tag to split by, one project per value. */
  readonly splitByTag?: string;
  readonly force: boolean;
  readonly withoutSecrets: boolean;
}

function tagsOf(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    values.map((value) => {
      const eq = value.indexOf('=');
      if (eq <= 0) throw new UsageError(`--tag ${value} is not KEY=VALUE`);
      return [value.slice(0, eq), value.slice(eq + 1)];
    }),
  );
}

function commandOf(argv: string[]): Command | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        project: { type: 'string' },
        'name-contains': { type: 'string' },
        tag: { type: 'string', multiple: true },
        'split-by-tag': { type: 'string' },
        force: { type: 'boolean' },
        'without-secrets': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return 'help';
  if (positionals.length !== 1) throw new UsageError(`give one folder to write the program into, got ${positionals.length}`);
  const dir = positionals[0];
  const project = values.project ?? path.basename(path.resolve(dir));
  if (!/^[A-Za-z0-9_.-]+$/.test(project)) throw new UsageError(`--project ${project}: a Pulumi project name takes letters, digits, "_", "." and "-"`);
  const filters = { nameContains: values['name-contains'], tags: tagsOf(values.tag ?? []) };
  const splitBy = values['split-by-tag'];
  if (splitBy === '') throw new UsageError('--split-by-tag needs a tag key');
  return { dir, project, filters, force: values.force === true, withoutSecrets: values['without-secrets'] === true, ...(splitBy !== undefined && { splitByTag: splitBy }) };
}

function packageVersion(): string {
  // dist/adopt/cli.js is two levels below the package root; adopt/cli.ts, run from source, one.
  const root = path.basename(path.dirname(__dirname)) === 'dist' ? path.join(__dirname, '..', '..') : path.join(__dirname, '..');
  return (require(path.join(root, 'package.json')) as { version: string }).version;
}

interface Output {
  /** By path below DIR. */
  readonly files: Record<string, string>;
  readonly warnings: readonly string[];
  /** What was written, for the last line. */
  readonly summary: string;
}

/** The files to write, with a line saying what they hold, and the warnings of each program. */
function unmanagedNote(program: GeneratedProgram): string {
  return program.unmanaged.length > 0 ? `, ${program.unmanaged.length} left unmanaged` : '';
}

function outputOf(command: Command, organisation: Organisation, generate: (read: Organisation) => GeneratedProgram): Output {
  const spec = { packageVersion: packageVersion(), organisationId: organisation.id };
  if (command.splitByTag === undefined) {
    const program = generate(organisation);
    return {
      files: folderFiles({ ...spec, project: command.project, program }),
      warnings: [...program.warnings, ...configSizeWarnings(command.project, program.secrets)],
      summary: `${describeCounts(program.counts)}; ${program.secrets.length} secrets to set${unmanagedNote(program)} (see its README.md)`,
    };
  }
  const parts = splitByTag(organisation, command.splitByTag, command.project);
  const { files, generated } = splitFolderFiles({ ...spec, key: command.splitByTag }, parts, generate);
  const projects = generated.map(({ part, program }) => `${part.folder} (${program.counts.connectors} connectors, ${program.secrets.length} secrets)`);
  return {
    files,
    warnings: generated.flatMap(({ part, program }) => [
      ...program.warnings.map((warning) => `${part.folder}: ${warning}`),
      ...configSizeWarnings(part.project, program.secrets),
    ]),
    summary: `${generated.length} projects split by tag ${command.splitByTag}: ${projects.join(', ') || 'none'} (see its README.md)`,
  };
}

async function run(command: Command): Promise<void> {
  const settings = resolveSettings({}, process.env);
  const client = new VersoriClient(settings, clientOptionsOf(resolveTuning(process.env)));
  const organisation = await readOrganisation(
    client,
    command.filters,
    (read) => process.stderr.write(`${NAME}: read ${read} connectors\n`),
    (done, of, requests) => process.stderr.write(`${NAME}: read the versions of ${done} of ${of} connectors (${requests} requests)\n`),
  );
  const output = outputOf(command, organisation, (read) => generateProgram(read, { withoutSecrets: command.withoutSecrets }));
  for (const warning of output.warnings) process.stderr.write(`${NAME}: warning: ${warning}\n`);
  writeFolder(command.dir, output.files, command.force);
  process.stderr.write(`${NAME}: wrote ${command.dir}: ${output.summary}; ${organisation.requests} requests\n`);
}

/** Runs the command; resolves to its exit code (2: wrong usage, 1: the organisation could not be read or written). */
export async function main(argv: string[]): Promise<number> {
  let command: Command | 'help';
  try {
    command = commandOf(argv);
  } catch (error) {
    process.stderr.write(`${NAME}: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    await run(command);
    return 0;
  } catch (error) {
    process.stderr.write(`${NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
