// This package as a user gets it: packed into a tarball, installed with npm or pnpm into Pulumi program folders
// outside the repository, run on a chosen Node.js and Pulumi CLI against the emulator command the package ships.
// Tools (CLIs, Node.js builds, pnpm) are cached outside the repository; every folder is temporary. Shared by the
// consumer suite and the benchmark.
import { execFile, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { ulid } from 'ulid';
import { readRequestLog, type RequestLogEntry } from '../emulator/request-log';
import { ensurePulumiCli, REPO_ROOT } from './engine';
import { platformCounts, platformVersions, type PlatformCounts, type PlatformTarget, type VersionContents } from './platform';
import { ProgramFolder } from './program-folder';

const run = promisify(execFile);

export type PackageManager = 'npm' | 'pnpm';

export interface Toolchain {
  /** Folder of the `node` (and, for npm's own Node.js, `npm`) programs run on; undefined for the machine's. */
  nodeBinDir?: string;
  cliBinDir: string;
}

const memo = new Map<string, Promise<string>>();
function once(key: string, make: () => Promise<string>): Promise<string> {
  let value = memo.get(key);
  if (value === undefined) {
    value = make();
    memo.set(key, value);
  }
  return value;
}

/** What runs when this process exits: one listener for every scratch folder and child process, however many. */
const atExit = new Set<() => void>();
let exitListening = false;
function onExit(cleanUp: () => void): () => void {
  if (!exitListening) {
    exitListening = true;
    process.once('exit', () => atExit.forEach((run) => run()));
    // An interrupted run exits through 'exit' too, so that its children are stopped.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  }
  atExit.add(cleanUp);
  return () => atExit.delete(cleanUp);
}

/** A scratch folder outside the repository, removed at exit unless VERSORI_E2E_KEEP is set. */
export function scratchDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `versori-${prefix}-`)));
  if (!process.env.VERSORI_E2E_KEEP) onExit(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** This package as `npm pack` makes it (built by its prepack script), or VERSORI_CONSUMER_TARBALL when set. */
export function packedPackage(): Promise<string> {
  return once('pack', async () => {
    if (process.env.VERSORI_CONSUMER_TARBALL) return path.resolve(process.env.VERSORI_CONSUMER_TARBALL);
    const dir = scratchDir('pack');
    const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: REPO_ROOT, maxBuffer: 1 << 24 });
    return path.join(dir, stdout.trim().split('\n').pop() ?? '');
  });
}

/** The names of the files a tarball holds. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  return stdout.trim().split('\n').map((name) => name.replace(/^package\//, '')).sort();
}

/** The newest Node.js build of a major version (scripts/ensure-tools); resolves to its bin folder. */
export function ensureNode(major: number): Promise<string> {
  return once(`node-${major}`, () => script('ensure-tools', ['node', String(major)]));
}

/** pnpm (scripts/ensure-tools); resolves to the folder holding its `pnpm` command. */
export function ensurePnpm(): Promise<string> {
  return once('pnpm', () => script('ensure-tools', ['pnpm']));
}

/** Runs one of this repository's scripts/ that print a folder, and resolves to that folder. */
async function script(name: string, args: string[]): Promise<string> {
  const { stdout } = await run(path.join(REPO_ROOT, 'scripts', name), args, { maxBuffer: 1 << 24 });
  return stdout.trim();
}

export async function toolchain({ nodeMajor, cli }: { nodeMajor?: number; cli?: string }): Promise<Toolchain> {
  const cliBinDir = cli === undefined ? await ensurePulumiCli() : await once(`cli-${cli}`, () => script('ensure-pulumi', [cli]));
  return { cliBinDir, nodeBinDir: nodeMajor === undefined ? undefined : await ensureNode(nodeMajor) };
}

/** The environment a tool runs in: the toolchain's Node.js first on PATH. */
export function toolEnv(tools: Toolchain, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const prefix = tools.nodeBinDir ? `${tools.nodeBinDir}${path.delimiter}` : '';
  return { ...process.env, ...extra, PATH: `${prefix}${process.env.PATH ?? ''}` };
}

/** Runs a package manager command in `dir` on the toolchain's Node.js; resolves to its standard output. */
export async function packageManager(manager: PackageManager, args: string[], dir: string, tools: Toolchain): Promise<string> {
  const env = toolEnv(tools);
  if (manager === 'pnpm') env.PATH = `${await ensurePnpm()}${path.delimiter}${env.PATH}`;
  const { stdout } = await run(manager, args, { cwd: dir, env, maxBuffer: 1 << 24 });
  return stdout;
}

/** Installs a folder's dependencies as a user would. pnpm keeps its default (isolated, not hoisted) layout. */
export async function install(dir: string, manager: PackageManager, tools: Toolchain): Promise<void> {
  // @pulumi/pulumi depends on protobufjs, whose postinstall pnpm wants approved.
  const args = manager === 'npm' ? ['install', '--no-audit', '--no-fund'] : ['install', '--allow-build', 'protobufjs'];
  await packageManager(manager, args, dir, tools);
}

/** Copies a folder of this repository (no node_modules, dist or stack files) to `target`. */
export function copyTemplate(relative: string, target: string): string {
  fs.cpSync(path.join(REPO_ROOT, relative), target, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|dist)$|Pulumi\.[^/\\]+\.yaml$/.test(source),
  });
  return target;
}

/** Rewrites dependency specs in a folder's package.json (e.g. to a tarball). */
export function pinDependencies(dir: string, specs: Record<string, string>): void {
  const file = path.join(dir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
  for (const [name, spec] of Object.entries(specs)) {
    const section = manifest.devDependencies?.[name] !== undefined ? 'devDependencies' : 'dependencies';
    manifest[section] = { ...manifest[section], [name]: spec };
  }
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

export type LoggedRequest = RequestLogEntry;

/**
 * An emulator command (the one the package ships, or this checkout's) run as a process of its own, as a remote API
 * would be, with a request log. It never outlives the process that started it, even one that fails or is interrupted.
 */
export class EmulatorProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly target: PlatformTarget,
    private readonly requestLog: string,
  ) {}

  /**
   * Starts `command` (a program and its first arguments) with the emulator's flags; `options` can name the
   * organisation (e.g. the one of a `--data` file) and add flags (`--data`, `--rate-limit`).
   */
  static async start(command: string[], tools: Toolchain, options: { organisationId?: string; args?: string[] } = {}): Promise<EmulatorProcess> {
    const requestLog = path.join(scratchDir('emulator'), 'requests.jsonl');
    const organisationId = options.organisationId ?? ulid();
    const token = `emulator-${ulid()}`;
    const args = ['--port', '0', '--organisation', organisationId, '--token', token, '--request-log', requestLog, ...(options.args ?? [])];
    const child = spawn(command[0], [...command.slice(1), ...args], {
      env: toolEnv(tools, { VERSORI_EMULATOR_FAULTS: '' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stopWithParent(child);
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (\S+)/.exec(output);
        if (match) resolve(match[1]);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code} before listening:\n${output}`)));
    });
    return new EmulatorProcess(child, { baseUrl, organisationId, token }, requestLog);
  }

  /** API requests logged so far, oldest first. */
  requests(): LoggedRequest[] {
    return fs.existsSync(this.requestLog) ? readRequestLog(this.requestLog) : [];
  }

  /** The number of API requests logged so far: a mark for {@link requestsSince}. */
  mark(): number {
    return this.requests().length;
  }

  requestsSince(mark: number): LoggedRequest[] {
    return this.requests().slice(mark);
  }

  mutatingRequestsSince(mark: number): LoggedRequest[] {
    return this.requestsSince(mark).filter((request) => request.method !== 'GET');
  }

  counts(): Promise<PlatformCounts> {
    return platformCounts(this.target);
  }

  /** Every connector version on the platform with its children's names (see platformVersions). */
  versions(): Promise<Record<string, VersionContents>> {
    return platformVersions(this.target);
  }

  /** Delays every API request by `latencyMs` (and turns every other fault off). */
  setLatency(latencyMs: number): Promise<void> {
    return this.admin('PUT', 'faults', { latencyMs });
  }

  /** Empties the store. */
  reset(): Promise<void> {
    return this.admin('POST', 'reset');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  private async admin(method: string, route: string, body?: unknown): Promise<void> {
    const response = await fetch(`${new URL(this.target.baseUrl).origin}/_emulator/${route}`, {
      method,
      headers: { Authorization: `Bearer ${this.target.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`emulator admin ${method} ${route} answered ${response.status}: ${await response.text()}`);
  }
}

/** Stops `child` when this process exits or is interrupted. */
function stopWithParent(child: ChildProcess): void {
  const forget = onExit(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  child.once('exit', forget);
}

/** A program folder's stack, configured for the emulator, with the program's own secrets. */
export async function configuredProgram(
  dir: string,
  tools: Toolchain,
  emulator: EmulatorProcess,
  secrets: Record<string, string>,
): Promise<ProgramFolder> {
  const program = new ProgramFolder({
    dir,
    stack: 'dev',
    backendDir: path.join(dir, '..', 'backend'),
    passphrase: 'consumer-suite',
    cliBinDir: tools.cliBinDir,
    nodeBinDir: tools.nodeBinDir,
  });
  await program.selectStack({ create: true });
  await program.setConfig('versori:token', emulator.target.token, { secret: true });
  await program.setConfig('versori:organisationId', emulator.target.organisationId);
  await program.setConfig('versori:baseUrl', emulator.target.baseUrl);
  for (const [key, value] of Object.entries(secrets)) await program.setConfig(key, value, { secret: true });
  return program;
}
