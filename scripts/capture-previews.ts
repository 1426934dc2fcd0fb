// npm run capture-previews: regenerates test/preview-summary/fixtures from the real Pulumi CLI. The package is packed
// and installed into a program folder outside the repository (test/preview-summary/program), `up` runs against the
// emulator the package ships, then each case changes the stack config, runs `pulumi preview --json` and
// `pulumi preview --diff`, and puts the config back. Volatile values are replaced deterministically, so regenerating
// on an unchanged provider rewrites the same files. Each case's Markdown is then rendered from its JSON.
//
//   npm run capture-previews                  capture every case, then render
//   npm run capture-previews -- --render      only render the Markdown again from the JSON fixtures
//   VERSORI_CONSUMER_TARBALL=path.tgz npm run capture-previews   capture with another build of the package
import * as fs from 'fs';
import * as path from 'path';
import { renderPreviewComment } from '../preview-summary/render';
import { parsePreviewJson } from '../preview-summary/schema';
import { REPO_ROOT } from './engine';
import { configuredProgram, copyTemplate, EmulatorProcess, install, packedPackage, pinDependencies, scratchDir, toolchain } from './packed-install';
import { normaliseJson, normaliseText, Placeholders } from './preview-fixtures';
import type { ProgramFolder } from './program-folder';

export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'preview-summary', 'fixtures');
const PROGRAM = path.join('test', 'preview-summary', 'program');

/** The program's secrets as `up` applies them; a case rotates one by giving it another value. */
export const SECRETS = { reportingKey: 'capture-reporting-key', syncKey: 'capture-sync-key' };
export const ROTATED_KEY = 'capture-reporting-key-rotated';

interface Case {
  name: string;
  config?: Record<string, string>;
  secrets?: Partial<Record<keyof typeof SECRETS, string>>;
  /** The preview refuses the program: its JSON carries the error. */
  fails?: boolean;
}

export const CASES: Case[] = [
  { name: 'no-changes' },
  { name: 'update-connector', config: { crmBaseUrl: 'https://api.example-crm.com/v3', crmRegion: 'eu-central-1' } },
  { name: 'force-delete', config: { crmForceDelete: 'true' } },
  { name: 'rename-connection', config: { reportingName: 'reporting-prod' } },
  { name: 'replace-rename-secret', config: { reportingName: 'reporting-prod' }, secrets: { reportingKey: ROTATED_KEY } },
  { name: 'replace-same-name', secrets: { reportingKey: ROTATED_KEY } },
  { name: 'replace-connector', config: { crmDataset: 'example-project.crm' } },
  {
    name: 'mixed',
    config: { addErp: 'true', dropSync: 'true', crmBaseUrl: 'https://api.example-crm.com/v3', releaseNote: 'second release' },
  },
  { name: 'refused', config: { crmBaseUrl: 'http://api.example-crm.com/v2' }, fails: true },
];

async function preparedProgram(): Promise<{ program: ProgramFolder; emulator: EmulatorProcess; root: string }> {
  const tarball = await packedPackage();
  const tools = await toolchain({});
  const root = scratchDir('previews');
  const dir = copyTemplate(PROGRAM, path.join(root, 'program'));
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  // The SDK this repository builds against, so that the engine's output changes only when the package does.
  pinDependencies(dir, { 'pulumi-versori': `file:${tarball}`, '@pulumi/pulumi': manifest.devDependencies['@pulumi/pulumi'] });
  await install(dir, 'npm', tools);
  const emulator = await EmulatorProcess.start([path.join(dir, 'node_modules', '.bin', 'versori-emulator')], tools);
  const program = await configuredProgram(dir, tools, emulator, SECRETS);
  return { program, emulator, root };
}

async function applyCase(program: ProgramFolder, change: Case, undo: boolean): Promise<void> {
  for (const [key, value] of Object.entries(change.config ?? {})) {
    if (undo) await program.removeConfig(key);
    else await program.setConfig(key, value);
  }
  for (const [key, value] of Object.entries(change.secrets ?? {})) {
    const secret = undo ? SECRETS[key as keyof typeof SECRETS] : value;
    await program.setConfig(key, secret, { secret: true });
  }
}

async function captureCase(program: ProgramFolder, change: Case, root: string): Promise<void> {
  await applyCase(program, change, false);
  try {
    const json = await program.preview(['--json'], { allowFailure: change.fails === true, show: false });
    const text = await program.preview(['--diff'], { allowFailure: change.fails === true, show: false });
    for (const result of [json, text]) {
      if ((result.code !== 0) !== (change.fails === true)) {
        throw new Error(`case ${change.name}: preview exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
      }
    }
    const placeholders = new Placeholders(root);
    write(`${change.name}.json`, normaliseJson(json.stdout, placeholders));
    write(`${change.name}.txt`, normaliseText(text.stdout, placeholders));
  } finally {
    await applyCase(program, change, true);
  }
}

function write(name: string, content: string): void {
  fs.writeFileSync(path.join(FIXTURES_DIR, name), content);
  console.log(`capture-previews: wrote ${path.relative(REPO_ROOT, path.join(FIXTURES_DIR, name))}`);
}

/** Renders each case's comment from its JSON fixture. */
export function renderFixtures(): void {
  for (const change of CASES) {
    const preview = parsePreviewJson(fs.readFileSync(path.join(FIXTURES_DIR, `${change.name}.json`), 'utf8'));
    write(`${change.name}.md`, renderPreviewComment(preview));
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--render')) {
    fs.mkdirSync(FIXTURES_DIR, { recursive: true });
    const { program, emulator, root } = await preparedProgram();
    try {
      await program.up([], { show: false });
      for (const change of CASES) await captureCase(program, change, root);
    } finally {
      await emulator.stop();
    }
  }
  renderFixtures();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
