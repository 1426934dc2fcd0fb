// npm run capture-previews: regenerates test/preview-summary/fixtures from the real Pulumi CLI. The package is packed
// and installed into a program folder outside the repository (test/preview-summary/program), `up` runs against the
// emulator the package ships, then each preview case changes the stack config, runs `pulumi preview --json` and
// `pulumi preview --diff`, and puts the config back; each drift case changes the platform through its API, outside
// Pulumi, runs `pulumi refresh --preview-only --json` and `--diff`, and puts the platform back with
// `pulumi up --refresh`. Volatile values are replaced deterministically, so regenerating on an unchanged provider
// rewrites the same files. Each case's Markdown is then rendered from its JSON.
//
//   npm run capture-previews                  capture every case, then render
//   npm run capture-previews -- --render      only render the Markdown again from the JSON fixtures
//   VERSORI_CONSUMER_TARBALL=path.tgz npm run capture-previews   capture with another build of the package
import * as fs from 'fs';
import * as path from 'path';
import { ulid } from 'ulid';
import { renderDriftReport } from '../preview-summary/drift';
import { renderPreviewComment } from '../preview-summary/render';
import { parsePreviewJson } from '../preview-summary/schema';
import { VersoriClient } from '../provider/client';
import { REPO_ROOT } from './engine';
import { configuredProgram, copyTemplate, EmulatorProcess, install, packedPackage, pinDependencies, scratchDir, toolchain } from './packed-install';
import type { PlatformTarget } from './platform';
import { normaliseJson, normaliseText, Placeholders } from './preview-fixtures';
import { ProgramFolder } from './program-folder';

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

/** What the drift cases change on the platform, outside Pulumi. */
export const DRIFTED_BASE_URL = 'https://api.example-crm.com/v9';
export const DRIFTED_CONNECTION_NAME = 'crm-reporting-ops';

interface DriftCase {
  name: string;
  /** Changes the platform through its API; resolves to what removes anything it made that `up` does not. */
  drift?: (platform: OutOfBand) => Promise<(() => Promise<void>) | void>;
  /** Also captures `pulumi preview --refresh --json` of the drift, a preview, as this case. */
  previewRefresh?: string;
}

export const DRIFT_CASES: DriftCase[] = [
  { name: 'drift-none' },
  { name: 'drift-connector', drift: (platform) => platform.changeBaseUrl(DRIFTED_BASE_URL), previewRefresh: 'preview-refresh' },
  { name: 'drift-connection', drift: (platform) => platform.moveAndRenameConnection('crm-reporting', DRIFTED_CONNECTION_NAME) },
  { name: 'drift-deleted', drift: (platform) => platform.deleteConnection('crm-sync') },
];

/** The `pulumi preview --refresh --json` captures: previews whose steps start with a refresh's. */
export const PREVIEW_REFRESH_CASES = DRIFT_CASES.flatMap((change) => (change.previewRefresh === undefined ? [] : [change.previewRefresh]));

/** Someone changing the program's objects on the platform directly, as another tool or a person in the UI would. */
class OutOfBand {
  private readonly client: VersoriClient;

  constructor(target: PlatformTarget) {
    this.client = new VersoriClient(target, { retry: { baseDelayMs: 50, maxDelayMs: 1_000 } });
  }

  private async crm() {
    const [connector] = await this.client.findConnectorsByName('Example CRM', 'the CRM connector');
    if (connector === undefined) throw new Error('capture-previews: the CRM connector is not on the platform');
    return connector;
  }

  private async connection(connectorId: string, name: string) {
    const found = await this.client.findConnectionByName(connectorId, name, name);
    if (found === undefined) throw new Error(`capture-previews: no connection ${name} on the platform`);
    return this.client.getConnection(connectorId, found.id, name);
  }

  async changeBaseUrl(baseUrl: string): Promise<void> {
    const crm = await this.crm();
    const { id, organisationId, name, tags } = crm;
    await this.client.updateConnector(crm.id, { id, organisationId, name, tags, protocol: 'http', baseUrl }, 'the CRM connector');
  }

  /** Renames a connection and moves its credential to an auth scheme config made for it: a change of what holds a secret. */
  async moveAndRenameConnection(name: string, newName: string): Promise<() => Promise<void>> {
    const crm = await this.crm();
    const config = { id: ulid(), schemeType: 'api-key' as const, description: 'made outside Pulumi', name: 'X-API-Key', in: 'header' as const };
    await this.client.upsertAuthSchemeConfig(crm.id, config, 'a second auth scheme config');
    const connection = await this.connection(crm.id, name);
    const action = (connection.credentials.action ?? []).map((item) => ({ id: item.id, authSchemeConfig: config }));
    const body = { id: connection.id, name: newName, variables: connection.variables, credentials: { action } };
    await this.client.updateConnection(crm.id, body, name);
    return async () => {
      await this.client.deleteAuthSchemeConfig(crm.id, config.id, 'a second auth scheme config');
    };
  }

  async deleteConnection(name: string): Promise<void> {
    const crm = await this.crm();
    const connection = await this.connection(crm.id, name);
    await this.client.deleteConnection(crm.id, connection.id, true, name);
  }
}

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

/** The program folder's stack, for `refresh --preview-only`: which refuses the confirmations the others skip. */
function refreshing(program: ProgramFolder): ProgramFolder {
  return new ProgramFolder({ ...program.options, env: { ...program.options.env, PULUMI_SKIP_CONFIRMATIONS: 'false' } });
}

async function captureDrift(program: ProgramFolder, change: DriftCase, emulator: EmulatorProcess, root: string): Promise<void> {
  const cleanUp = await change.drift?.(new OutOfBand(emulator.target));
  try {
    const refresh = refreshing(program);
    const args = ['refresh', '--preview-only', '--stack', refresh.options.stack];
    const json = await refresh.run([...args, '--json']);
    const text = await refresh.run([...args, '--diff']);
    const placeholders = new Placeholders(root);
    write(`${change.name}.json`, normaliseJson(json.stdout, placeholders, { reads: 'all' }));
    write(`${change.name}.txt`, normaliseText(text.stdout, placeholders));
    if (change.previewRefresh !== undefined) {
      const preview = await program.preview(['--refresh', '--json'], { show: false });
      write(`${change.previewRefresh}.json`, normaliseJson(preview.stdout, new Placeholders(root), { reads: 'leading' }));
    }
  } finally {
    if (change.drift !== undefined) await program.up(['--refresh'], { show: false });
    await cleanUp?.();
  }
}

function write(name: string, content: string): void {
  fs.writeFileSync(path.join(FIXTURES_DIR, name), content);
  console.log(`capture-previews: wrote ${path.relative(REPO_ROOT, path.join(FIXTURES_DIR, name))}`);
}

/** Renders each preview case's comment and each drift case's report from its JSON fixture. */
export function renderFixtures(): void {
  const read = (name: string) => parsePreviewJson(fs.readFileSync(path.join(FIXTURES_DIR, `${name}.json`), 'utf8'));
  const previews = [...CASES.map((change) => change.name), ...PREVIEW_REFRESH_CASES];
  for (const name of previews) write(`${name}.md`, renderPreviewComment(read(name)));
  for (const change of DRIFT_CASES) write(`${change.name}.md`, renderDriftReport(read(change.name)));
}

async function main(): Promise<void> {
  if (!process.argv.includes('--render')) {
    fs.mkdirSync(FIXTURES_DIR, { recursive: true });
    const { program, emulator, root } = await preparedProgram();
    try {
      await program.up([], { show: false });
      for (const change of CASES) await captureCase(program, change, root);
      for (const change of DRIFT_CASES) await captureDrift(program, change, emulator, root);
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
