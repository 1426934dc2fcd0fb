#!/usr/bin/env node
// versori-adopt DIR [--project NAME] [--name-contains TEXT] [--tag KEY=VALUE]... [--force] [--without-secrets]
// Reads a Versori organisation (VERSORI_TOKEN, VERSORI_ORGANISATION_ID, VERSORI_BASE_URL) and writes a Pulumi
// TypeScript program folder at DIR that adopts every object read, so that its first `pulumi up` changes nothing.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveSettings, resolveTuning } from '../provider/config';
import { clientOptionsOf } from '../provider/context';
import { VersoriClient } from '../provider/client';
import { folderFiles, writeFolder } from './folder';
import { describeCounts, generateProgram } from './program';
import { readOrganisation, type Filters } from './read';

const NAME = 'versori-adopt';
const USAGE = `usage: ${NAME} DIR [--project NAME] [--name-contains TEXT] [--tag KEY=VALUE]... [--force] [--without-secrets]
  Reads the Versori organisation of VERSORI_TOKEN and VERSORI_ORGANISATION_ID (at VERSORI_BASE_URL, else the platform)
  and writes a Pulumi TypeScript program at DIR declaring its connectors, auth scheme configs, connections and
  connector versions (definitions, actions, triggers, publications), each
  adopted with the import option: the first \`pulumi up\` changes nothing. DIR's README lists the secrets to set.
  --project NAME        the Pulumi project name (default: DIR's name)
  --name-contains TEXT  only connectors whose name contains TEXT (any case)
  --tag KEY=VALUE       only connectors with this tag (repeat for several: all must match)
  --force               write into DIR even when it is not empty (the generated files replace theirs)
  --without-secrets     declare no secret the API never returns: each connection credential with unmanagedSecrets:
                        true and without its secret data, each OAuth 2.0 grant without clientSecret; the platform
                        keeps them as it holds them (such a connection can be updated in place, never replaced)`;

class UsageError extends Error {}

interface Command {
  readonly dir: string;
  readonly project: string;
  readonly filters: Filters;
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
  return { dir, project, filters, force: values.force === true, withoutSecrets: values['without-secrets'] === true };
}

function packageVersion(): string {
  // dist/adopt/cli.js and adopt/cli.ts are both two levels below the package root.
  return (require(path.join(__dirname, '..', '..', 'package.json')) as { version: string }).version;
}

async function run(command: Command): Promise<void> {
  const settings = resolveSettings({}, process.env);
  const client = new VersoriClient(settings, clientOptionsOf(resolveTuning(process.env)));
  const organisation = await readOrganisation(client, command.filters, (read) => process.stderr.write(`${NAME}: read ${read} connectors\n`));
  const program = generateProgram(organisation, { withoutSecrets: command.withoutSecrets });
  for (const warning of program.warnings) process.stderr.write(`${NAME}: warning: ${warning}\n`);
  writeFolder(command.dir, folderFiles({ project: command.project, packageVersion: packageVersion(), organisationId: organisation.id, program }), command.force);
  process.stderr.write(
    `${NAME}: wrote ${command.dir}: ${describeCounts(program.counts)}; ${program.secrets.length} secrets to set (see its README.md); ` +
      `${organisation.requests} requests\n`,
  );
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
