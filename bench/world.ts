// Where the benchmark runs: this package packed and installed with npm into two Pulumi program folders in a scratch
// folder outside the repository (ours, and the no-op floor), each with one stack on a local file backend, run by
// the bare Pulumi CLI; and the emulator command the package ships, in its own process, as a remote API would be.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../scripts/engine';
import { configuredProgram, copyTemplate, EmulatorProcess, install, packedPackage, pinDependencies, scratchDir, toolchain, type Toolchain } from '../scripts/packed-install';
import { ProgramFolder } from '../scripts/program-folder';
import type { NoopWeight } from './programs/noop/resources';

/** `versori`: our resources; `noop`: the engine floor, no-op dynamic resources of the same shape. */
export type StackKind = 'versori' | 'noop';
export const STACK_KINDS: readonly StackKind[] = ['versori', 'noop'];

const STACK = 'bench';
const PASSPHRASE = 'versori-bench';
/** Settings of the machine's environment that would change what is measured: each run starts from Pulumi's defaults. */
export const NEUTRAL_ENV = { NODE_OPTIONS: '', PULUMI_EXPERIMENTAL: '', PULUMI_SKIP_CHECKPOINTS: '' };
/** The CLI's checkpoint-skipping option: it saves the state only at the end of an operation. */
export const SKIP_CHECKPOINTS_ENV = { PULUMI_EXPERIMENTAL: 'true', PULUMI_SKIP_CHECKPOINTS: 'true' };

/** The stack config of a run: its size, and for the no-op stack its weight (ours ignores it). */
export function sizeConfig(resources: number, weight: NoopWeight = {}): Record<string, string> {
  return { 'bench:resources': String(resources), 'bench:properties': String(weight.properties ?? 0), 'bench:padBytes': String(weight.padBytes ?? 0) };
}

export interface BenchWorld {
  tools: Toolchain;
  emulator: EmulatorProcess;
  /** The program folders, by kind. */
  programs: Record<StackKind, string>;
  /** The compiled bench/cpu-meter.ts, for NODE_OPTIONS=--require. */
  meter: string;
  backendDir: string;
  /** @pulumi/pulumi installed in the program folders, and the CLI's version. */
  versions: { sdk: string; cli: string };
  /**
   * The stack of a program folder, run with `env` on top of the machine's environment (less anything Versori, which
   * the provider would read, and less {@link NEUTRAL_ENV}).
   */
  stack(kind: StackKind, env?: Record<string, string>): ProgramFolder;
  /** examples/versions installed the same way, its stack configured for the emulator: for request counts only. */
  versionsStack(): Promise<ProgramFolder>;
  close(): Promise<void>;
}

/** Compiles a TypeScript file of this repository to `target` (JavaScript, CommonJS). */
export function compile(relative: string, target: string): string {
  const source = fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: relative,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, outputText);
  return target;
}

/** The @pulumi/pulumi this repository develops against: the program folders get the same. */
export function sdkVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  return manifest.devDependencies['@pulumi/pulumi'];
}

/** A program folder of bench/programs/, compiled, with its dependencies installed by npm. */
export async function programFolder(root: string, kind: StackKind, sdk: string, tools: Toolchain): Promise<string> {
  const relative = path.join('bench', 'programs', kind);
  const dir = copyTemplate(relative, path.join(root, relative));
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    compile(path.join(relative, file), path.join(dir, file.replace(/\.ts$/, '.js')));
    fs.rmSync(path.join(dir, file));
  }
  pinDependencies(dir, { '@pulumi/pulumi': sdk, ...(kind === 'versori' && { 'pulumi-versori': `file:${await packedPackage()}` }) });
  await install(dir, 'npm', tools);
  return dir;
}

export async function setUpWorld(log: (line: string) => void): Promise<BenchWorld> {
  const root = scratchDir('bench');
  const tools = await toolchain({});
  const sdk = sdkVersion();
  log(`  setup: npm pack, then npm install into program folders under ${root}`);
  // The program folders find bench/stack.ts as ../../stack, as they do in the repository.
  compile(path.join('bench', 'stack.ts'), path.join(root, 'bench', 'stack.js'));
  const meter = compile(path.join('bench', 'cpu-meter.ts'), path.join(root, 'bench', 'cpu-meter.js'));
  await packedPackage();
  const [versori, noop] = await Promise.all([programFolder(root, 'versori', sdk, tools), programFolder(root, 'noop', sdk, tools)]);
  const emulator = await EmulatorProcess.start([path.join(versori, 'node_modules', '.bin', 'versori-emulator')], tools);
  const backendDir = path.join(root, 'backend');
  const programs = { versori, noop };
  const stack = (kind: StackKind, env: Record<string, string> = {}): ProgramFolder =>
    new ProgramFolder({ dir: programs[kind], stack: STACK, backendDir, passphrase: PASSPHRASE, cliBinDir: tools.cliBinDir, env: { ...NEUTRAL_ENV, ...env } });
  for (const kind of STACK_KINDS) await stack(kind).selectStack({ create: true });
  const ours = stack('versori');
  await ours.setConfig('versori:token', emulator.target.token, { secret: true });
  await ours.setPlainConfig({ 'versori:organisationId': emulator.target.organisationId, 'versori:baseUrl': emulator.target.baseUrl });
  const cli = (await ours.run(['version'])).stdout.trim();
  const versionsStack = async (): Promise<ProgramFolder> => {
    const dir = copyTemplate(path.join('examples', 'versions'), path.join(root, 'examples', 'versions'));
    pinDependencies(dir, { '@pulumi/pulumi': sdk, 'pulumi-versori': `file:${await packedPackage()}` });
    await install(dir, 'npm', tools);
    return configuredProgram(dir, tools, emulator, {});
  };
  return { tools, emulator, programs, meter, backendDir, versions: { sdk, cli }, stack, versionsStack, close: () => emulator.stop() };
}
