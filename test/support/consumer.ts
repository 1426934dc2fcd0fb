// The consumer suite's world: the packed package installed into program folders outside the repository
// (scripts/packed-install.ts), plus what only the suite needs: an earlier release, a component package, a tarball's
// file list.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../../scripts/engine';
import {
  configuredProgram,
  copyTemplate,
  EmulatorProcess,
  install,
  packageManager,
  packedPackage,
  pinDependencies,
  scratchDir,
  toolchain,
  type PackageManager,
  type Toolchain,
} from '../../scripts/packed-install';
import type { ProgramFolder } from '../../scripts/program-folder';
import TOOLCHAINS from '../consumer/toolchains.json';

export * from '../../scripts/packed-install';

/** The packed package under another version (0.0.9): an earlier release, for upgrades and version conflicts. */
export function previousRelease(tarball: string, root: string): string {
  const dir = path.join(root, 'previous');
  fs.mkdirSync(dir);
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  const manifestFile = path.join(dir, 'package', 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { version: string };
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: '0.0.9' }, null, 2));
  const previous = path.join(root, 'pulumi-versori-0.0.9.tgz');
  execFileSync('tar', ['-czf', previous, '-C', dir, 'package']);
  return previous;
}

/** examples/component built and packed with `manager` against the packed pulumi-versori; resolves to its tarball. */
export async function packedComponent(root: string, manager: PackageManager, tools: Toolchain): Promise<string> {
  const dir = copyTemplate(path.join('examples', 'component'), path.join(root, 'component'));
  fs.rmSync(path.join(dir, 'consumer'), { recursive: true });
  pinDependencies(dir, { 'pulumi-versori': `file:${await packedPackage()}` });
  await install(dir, manager, tools);
  const stdout = await packageManager(manager, ['pack', '--pack-destination', root], dir, tools);
  const tarball = stdout.trim().split('\n').pop() ?? '';
  return path.isAbsolute(tarball) ? tarball : path.join(root, path.basename(tarball));
}

export interface ProgramSetup {
  /** The repository folder the program is copied from. */
  template: string;
  /** Dependency specs written into its package.json (the packed package, an SDK version, a component tarball). */
  dependencies: Record<string, string>;
  /** The program's secret stack config. */
  secrets: Record<string, string>;
  manager?: PackageManager;
  tools?: Toolchain;
  /** The scratch folder holding the program (and its backend); a new one when absent. */
  root?: string;
  /** The folder below `root` the program is copied into. */
  folder?: string;
}

export interface RunningProgram {
  program: ProgramFolder;
  emulator: EmulatorProcess;
  tools: Toolchain;
}

/**
 * A program folder copied from `template`, installed as a user installs it, with a stack configured for a fresh
 * emulator: the `versori-emulator` command the program installed, or this checkout's when it has none (a program that
 * reaches the package only through a component package).
 */
export async function programAgainstEmulator(setup: ProgramSetup): Promise<RunningProgram> {
  const tools = setup.tools ?? (await toolchain({}));
  const root = setup.root ?? scratchDir('program');
  const dir = copyTemplate(setup.template, path.join(root, setup.folder ?? 'program'));
  pinDependencies(dir, setup.dependencies);
  await install(dir, setup.manager ?? 'npm', tools);
  const installed = path.join(dir, 'node_modules', '.bin', 'versori-emulator');
  const command = fs.existsSync(installed) ? [installed] : ['node', path.join(REPO_ROOT, 'dist', 'emulator', 'cli.js')];
  const emulator = await EmulatorProcess.start(command, tools);
  return { program: await configuredProgram(dir, tools, emulator, setup.secrets), emulator, tools };
}

/**
 * examples/component/consumer installed with `manager` against examples/component packed with it (and so against
 * pulumi-versori only through the component), plus `extra` dependencies written beside them.
 */
export async function componentConsumer(
  manager: PackageManager,
  extra: (root: string) => Promise<Record<string, string>> = async () => ({}),
): Promise<RunningProgram> {
  const tools = await toolchain({});
  const root = scratchDir(`component-${manager}`);
  const component = await packedComponent(root, manager, tools);
  return programAgainstEmulator({
    template: path.join('examples', 'component', 'consumer'),
    dependencies: { '@example/versori-crm-integration': `file:${component}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk, ...(await extra(root)) },
    secrets: { stagingApiKey: 'staging-key', productionApiKey: 'production-key' },
    manager,
    tools,
    root,
  });
}
