// The main job: `npm run demo` brings examples/basic up on the local Versori Connect emulator through the real
// Pulumi CLI, shows a `preview --diff` of a changed config value, and reports what the platform then holds.
// `npm run demo -- --destroy` tears the stack down. State, config and the emulator's data live in .demo/.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ulid } from 'ulid';
import { startEmulator, type RunningEmulator } from '../emulator';
import basicProgram from '../examples/basic';
import { offlineStack, REPO_ROOT } from './engine';
import { describeCounts, platformCounts } from './platform';

const DEMO_DIR = path.join(REPO_ROOT, '.demo');
const SETTINGS_FILE = path.join(DEMO_DIR, 'settings.json');
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

async function run(destroy: boolean): Promise<void> {
  const settings = loadSettings();
  let emulator: RunningEmulator | undefined;
  try {
    emulator = await startDemoEmulator(settings);
    saveSettings({ ...settings, port: emulator.port });
    say(`Versori Connect emulator at ${emulator.baseUrl} (organisation ${emulator.organisationId})`);
    const target = { baseUrl: emulator.baseUrl, organisationId: emulator.organisationId, token: emulator.token };

    // The stack sees the emulator only through its configuration, as it would see the platform.
    const { VERSORI_TOKEN: _token, VERSORI_BASE_URL: _url, VERSORI_ORGANISATION_ID: _org, ...environment } = process.env;
    process.env = environment;
    const stack = await offlineStack({
      projectName: 'versori-demo',
      stackName: STACK,
      workDir: REPO_ROOT,
      writeProjectFile: false,
      backendDir: path.join(DEMO_DIR, 'backend'),
      passphrase: settings.passphrase,
      program: async () => basicProgram(),
      config: {
        'versori:token': { value: settings.token, secret: true },
        'versori:organisationId': { value: emulator.organisationId },
        'versori:baseUrl': { value: emulator.baseUrl },
        'versori-demo:apiKey': { value: process.env.VERSORI_DEMO_API_KEY || PLACEHOLDER_API_KEY, secret: true },
        'versori-demo:clientSecret': {
          value: process.env.VERSORI_DEMO_CLIENT_SECRET || PLACEHOLDER_CLIENT_SECRET,
          secret: true,
        },
      },
    });
    const print = (text: string) => process.stdout.write(text);

    if (destroy) {
      say('pulumi destroy --yes');
      // Running the program gives the provider the current configuration, should the emulator have moved.
      await stack.destroy({ onOutput: print, runProgram: true });
      say(`${describeCounts(await platformCounts(target))} on the platform`);
      return;
    }

    if (!process.env.VERSORI_DEMO_API_KEY) say('VERSORI_DEMO_API_KEY is not set: the api-key credential holds a placeholder');
    say('pulumi up --yes');
    const up = await stack.up({ onOutput: print });
    const changed = Object.entries(up.summary.resourceChanges ?? {}).filter(([op, n]) => op !== 'same' && (n ?? 0) > 0);
    say(changed.length === 0 ? 'up changed nothing: the stack had converged' : `up: ${changed.map(([op, n]) => `${n} ${op}`).join(', ')}`);

    say(`pulumi preview --diff with ${CHANGED_CONFIG_KEY} = ${CHANGED_CONFIG_VALUE} (not applied)`);
    await stack.setConfig(CHANGED_CONFIG_KEY, { value: CHANGED_CONFIG_VALUE });
    try {
      await stack.preview({ diff: true, onOutput: print });
    } finally {
      await stack.removeConfig(CHANGED_CONFIG_KEY);
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
