// The main job: `npm run demo` packs this package, installs the tarball into the program folder examples/basic as a
// user would, brings the stack up there with the bare Pulumi CLI on the local Versori Connect emulator, shows a
// `preview --diff` of a changed config value, and reports what the platform then holds. `npm run demo -- --destroy`
// tears the stack down. State and the emulator's data live in .demo/.
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ulid } from 'ulid';
import { startEmulator, type RunningEmulator } from '../emulator';
import { ensurePulumiCli, REPO_ROOT } from './engine';
import { describeCounts, platformCounts } from './platform';
import { describeChanges, ProgramFolder } from './program-folder';

const DEMO_DIR = path.join(REPO_ROOT, '.demo');
const SETTINGS_FILE = path.join(DEMO_DIR, 'settings.json');
const PROGRAM_DIR = path.join(REPO_ROOT, 'examples', 'basic');
const STACK = 'demo';
const CHANGED_CONFIG_KEY = 'connectorBaseUrl';
const CHANGED_CONFIG_VALUE = 'https://api.example-crm.com/v3';
const PLACEHOLDER_API_KEY = 'demo-api-key-0000';
const PLACEHOLDER_CLIENT_SECRET = 'demo-client-secret-0000';

interface DemoSettings {
  organisationId: string;
  token: string;
  passphrase: string;
  /** The emulator's port, kept so that the stack's recorded base URL stays valid from one run to the next. */
  port?: number;
}

function say(line: string): void {
  process.stdout.write(`demo: ${line}\n`);
}

/** The emulator's organisation, token and the stack passphrase stay the same from one run to the next. */
function loadSettings(): DemoSettings {
  fs.mkdirSync(DEMO_DIR, { recursive: true });
  const saved: Partial<DemoSettings> = fs.existsSync(SETTINGS_FILE)
    ? (JSON.parse(fs.readFileSync(SETTINGS_FILE, 'utf8')) as Partial<DemoSettings>)
    : {};
  const settings: DemoSettings = {
    organisationId: saved.organisationId ?? ulid(),
    token: process.env.VERSORI_TOKEN || saved.token || `demo-${randomBytes(12).toString('hex')}`,
    passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? saved.passphrase ?? randomBytes(12).toString('hex'),
    port: saved.port,
  };
  saveSettings(settings);
  return settings;
}

function saveSettings(settings: DemoSettings): void {
  fs.writeFileSync(SETTINGS_FILE, JSON.stringify(settings, null, 2), { mode: 0o600 });
}

async function startDemoEmulator(settings: DemoSettings): Promise<RunningEmulator> {
  const options = {
    organisationId: settings.organisationId,
    token: settings.token,
    dataFile: path.join(DEMO_DIR, 'emulator-store.json'),
  };
  try {
    return await startEmulator({ ...options, port: settings.port ?? 0 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    say(`port ${settings.port} is taken: the emulator moves to a new port`);
    return startEmulator({ ...options, port: 0 });
  }
}

/** Packs this repository and installs the tarball into the program folder, as a user installs the package. */
function installPackedPackage(): void {
  const packDir = path.join(DEMO_DIR, 'package');
  fs.rmSync(packDir, { recursive: true, force: true });
  fs.mkdirSync(packDir, { recursive: true });
  // `npm run demo` has just built dist/, so packing skips the build.
  const tarball = path.join(packDir, execNpm(['pack', '--silent', '--ignore-scripts', '--pack-destination', packDir], REPO_ROOT).trim());
  say(`npm install ${path.relative(REPO_ROOT, tarball)} in examples/basic`);
  execNpm(['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', tarball], PROGRAM_DIR);
}

function execNpm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** The demo stack in examples/basic, its configuration pointing at the emulator. */
async function demoStack(settings: DemoSettings, emulator: RunningEmulator): Promise<ProgramFolder> {
  const program = new ProgramFolder({
    dir: PROGRAM_DIR,
    stack: STACK,
    backendDir: path.join(DEMO_DIR, 'backend'),
    passphrase: settings.passphrase,
    cliBinDir: await ensurePulumiCli(),
    env: { PULUMI_HOME: path.join(DEMO_DIR, 'pulumi-home') },
    echo: (text) => process.stdout.write(text),
  });
  // A stack config file left from an earlier .demo/ is encrypted with that run's passphrase: start it afresh.
  if ((await program.selectStack()) === 'missing') fs.rmSync(path.join(PROGRAM_DIR, `Pulumi.${STACK}.yaml`), { force: true });
  await program.selectStack({ create: true });
  await program.setConfig('versori:token', settings.token, { secret: true });
  await program.setConfig('versori:organisationId', emulator.organisationId);
  await program.setConfig('versori:baseUrl', emulator.baseUrl);
  await program.setConfig('apiKey', process.env.VERSORI_DEMO_API_KEY || PLACEHOLDER_API_KEY, { secret: true });
  await program.setConfig('clientSecret', process.env.VERSORI_DEMO_CLIENT_SECRET || PLACEHOLDER_CLIENT_SECRET, { secret: true });
  return program;
}

async function run(destroy: boolean): Promise<void> {
  const settings = loadSettings();
  let emulator: RunningEmulator | undefined;
  try {
    emulator = await startDemoEmulator(settings);
    saveSettings({ ...settings, port: emulator.port });
    say(`Versori Connect emulator at ${emulator.baseUrl} (organisation ${emulator.organisationId})`);
    const target = { baseUrl: emulator.baseUrl, organisationId: emulator.organisationId, token: emulator.token };
    installPackedPackage();
    const program = await demoStack(settings, emulator);

    if (destroy) {
      say('pulumi destroy --yes');
      await program.destroy();
      say(`${describeCounts(await platformCounts(target))} on the platform`);
      return;
    }

    if (!process.env.VERSORI_DEMO_API_KEY) say('VERSORI_DEMO_API_KEY is not set: the api-key credential holds a placeholder');
    say('pulumi up --yes');
    await program.up();
    const changed = describeChanges((await program.lastUpdate()).resourceChanges ?? {});
    say(changed === undefined ? 'up changed nothing: the stack had converged' : `up: ${changed}`);

    say(`pulumi preview --diff with ${CHANGED_CONFIG_KEY} = ${CHANGED_CONFIG_VALUE} (not applied)`);
    await program.setConfig(CHANGED_CONFIG_KEY, CHANGED_CONFIG_VALUE);
    try {
      await program.preview(['--diff']);
    } finally {
      await program.removeConfig(CHANGED_CONFIG_KEY);
    }

    say(`${describeCounts(await platformCounts(target))} on the platform`);
  } finally {
    await emulator?.close();
  }
}

run(process.argv.includes('--destroy')).catch((error: unknown) => {
  process.stderr.write(`demo: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
