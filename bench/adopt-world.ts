// Where `npm run bench:adopt` runs: the packed package installed with npm into bench/programs/versori in a scratch
// folder outside the repository (its node_modules/.bin holds the packed versori-adopt and versori-emulator), the
// emulator command in its own process with a request log, and each generated program folder installed and given a
// stack on a local file backend, as a user would.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { EmulatorProcess, install, packedPackage, pinDependencies, scratchDir, toolchain, toolEnv, type Toolchain } from '../scripts/packed-install';
import type { PlatformTarget } from '../scripts/platform';
import { ProgramFolder } from '../scripts/program-folder';
import { compile, NEUTRAL_ENV, programFolder, sdkVersion } from './world';

const PASSPHRASE = 'versori-bench-adopt';
/** Secrets set per `pulumi config set-all` run. */
const SECRETS_PER_RUN = 200;

export interface AdoptWorld {
  readonly root: string;
  readonly tools: Toolchain;
  /** @pulumi/pulumi of the program folders (the repository's). */
  readonly sdk: string;
  /** The packed package's command, as installed. */
  bin(name: 'versori-adopt' | 'versori-emulator'): string;
  readonly emulator: EmulatorProcess;
  readonly backendDir: string;
  /** bench/programs/noop installed and compiled, for the engine floor; absent in a quick run. */
  readonly noopDir?: string;
  close(): Promise<void>;
}

export async function setUpAdoptWorld(withNoop: boolean, log: (line: string) => void): Promise<AdoptWorld> {
  const root = scratchDir('bench-adopt');
  const tools = await toolchain({});
  const sdk = sdkVersion();
  log(`  setup: npm pack, then npm install into program folders under ${root}`);
  compile(path.join('bench', 'stack.ts'), path.join(root, 'bench', 'stack.js'));
  await packedPackage();
  const [versori, noopDir] = await Promise.all([
    programFolder(root, 'versori', sdk, tools),
    withNoop ? programFolder(root, 'noop', sdk, tools) : Promise.resolve(undefined),
  ]);
  const bin = (name: string) => path.join(versori, 'node_modules', '.bin', name);
  const emulator = await EmulatorProcess.start([bin('versori-emulator')], tools);
  return { root, tools, sdk, bin, emulator, backendDir: path.join(root, 'backend'), ...(noopDir !== undefined && { noopDir }), close: () => emulator.stop() };
}

export interface CommandRun {
  seconds: number;
  stderr: string;
}

/** Runs the packed versori-adopt against `target` (through the environment, as documented), timed. */
export function runAdopt(world: AdoptWorld, target: PlatformTarget, args: string[]): Promise<CommandRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VERSORI_')));
  const env = toolEnv(world.tools, { ...inherited, VERSORI_TOKEN: target.token, VERSORI_ORGANISATION_ID: target.organisationId, VERSORI_BASE_URL: target.baseUrl });
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(world.bin('versori-adopt'), args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve({ seconds, stderr });
      else reject(new Error(`versori-adopt ${args.join(' ')} exited with ${code}:\n${stderr}`));
    });
  });
}

/** The secret keys a generated README asks to set. */
export function secretKeys(readme: string): string[] {
  return [...readme.matchAll(/^pulumi config set --secret (\S+) +# /gm)].map((m) => m[1]);
}

/** Installs a generated program folder as a user would, with the packed package and the repository's SDK; timed. */
export async function installGenerated(world: AdoptWorld, dir: string): Promise<number> {
  const started = process.hrtime.bigint();
  pinDependencies(dir, { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': world.sdk });
  await install(dir, 'npm', world.tools);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** A program folder's stack on the world's backend, run with `env` on top of Pulumi's defaults. */
export function stackOf(world: AdoptWorld, dir: string, stack: string, env: Record<string, string> = {}): ProgramFolder {
  return new ProgramFolder({ dir, stack, backendDir: world.backendDir, passphrase: PASSPHRASE, cliBinDir: world.tools.cliBinDir, env: { ...NEUTRAL_ENV, ...env } });
}

/**
 * A new stack of a generated program, configured for `target`, with a made-up value for each secret its README
 * lists (a first `up` adopts without sending them). The values are short: Pulumi's Node.js language host hands the
 * program its whole config in one environment variable, which Linux caps at 128 KiB, and 1,500 secrets of realistic
 * length would not fit (docs/adopting.md).
 */
export async function adoptedStack(world: AdoptWorld, dir: string, stack: string, target: PlatformTarget, env: Record<string, string> = {}): Promise<ProgramFolder> {
  const program = stackOf(world, dir, stack, env);
  await program.selectStack({ create: true });
  await program.setConfig('versori:token', target.token, { secret: true });
  await program.setPlainConfig({ 'versori:organisationId': target.organisationId, 'versori:baseUrl': target.baseUrl });
  const keys = secretKeys(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'));
  for (let i = 0; i < keys.length; i += SECRETS_PER_RUN) {
    const pairs = keys.slice(i, i + SECRETS_PER_RUN).flatMap((key, j) => ['--secret', `${key}=s${i + j}`]);
    await program.run(['config', 'set-all', ...pairs, '--stack', stack]);
  }
  return program;
}
