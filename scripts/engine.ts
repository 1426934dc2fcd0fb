// Drives the real Pulumi CLI offline: a local file backend, a passphrase secrets provider, no update check.
// Shared by the demo, the end-to-end tests and the benchmark.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as auto from '@pulumi/pulumi/automation';

export const REPO_ROOT = path.resolve(__dirname, '..');

let cliBinDir: Promise<string> | undefined;

/** Builds or reuses the pinned Pulumi CLI (scripts/ensure-pulumi) and returns the folder holding it. */
export function ensurePulumiCli(): Promise<string> {
  cliBinDir ??= new Promise<string>((resolve, reject) => {
    const child = execFile(
      path.join(REPO_ROOT, 'scripts', 'ensure-pulumi'),
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => (error ? reject(new Error(`scripts/ensure-pulumi failed: ${error.message}`)) : resolve(stdout.trim())),
    );
    child.stderr?.pipe(process.stderr);
  });
  return cliBinDir;
}

export interface ConfigEntry {
  value: string;
  secret?: boolean;
}

export interface OfflineStackOptions {
  projectName: string;
  stackName: string;
  /** The program's folder: the dynamic-provider plugin resolves @pulumi/pulumi and pulumi-versori from here. */
  workDir: string;
  /** Folder of the local file backend. */
  backendDir: string;
  program: auto.PulumiFn;
  passphrase?: string;
  config?: Record<string, ConfigEntry>;
  /** Extra environment for the CLI and the plugins it starts. */
  env?: Record<string, string>;
  /** Write a Pulumi.yaml for the project (not needed when workDir already has one). */
  writeProjectFile?: boolean;
}

/** The environment the CLI runs with: offline, file backend, nothing from a real cloud backend. */
export function offlineEnv(binDir: string, backendDir: string, passphrase: string, extra: Record<string, string> = {}) {
  return {
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_HOME: path.join(backendDir, '.pulumi-home'),
    ...extra,
  };
}

/** The SDK's options for its gRPC clients (resource monitor, engine): internal to the SDK, hence looked up by hand. */
export function sdkClientOptions(): Record<string, unknown> {
  const settings = require('@pulumi/pulumi/runtime/settings') as { grpcClientOptions?: Record<string, unknown> };
  if (typeof settings.grpcClientOptions !== 'object' || settings.grpcClientOptions === null) {
    throw new Error('@pulumi/pulumi no longer exports runtime/settings.grpcClientOptions: review isolateEngineConnections');
  }
  return settings.grpcClientOptions;
}

/**
 * Gives each gRPC client of the SDK its own connections. Inline programs run one after another in this process; the
 * SDK never closes the resource monitor and engine clients of a finished run, and grpc-js shares connections per
 * address in a process-wide pool. When a later run's monitor or engine listens on the port of an earlier, dead one, its
 * first calls get that failed connection and end UNAVAILABLE, which the SDK reads as "the engine is shutting down": it
 * stops the program quietly, the run reports success with nothing registered, and `up` deletes the whole stack.
 */
export function isolateEngineConnections(): void {
  sdkClientOptions()['grpc.use_local_subchannel_pool'] = 1;
}

/** Creates or selects a stack of an inline program, run by the real CLI against a local file backend. */
export async function offlineStack(options: OfflineStackOptions): Promise<auto.Stack> {
  isolateEngineConnections();
  const binDir = await ensurePulumiCli();
  fs.mkdirSync(options.backendDir, { recursive: true });
  fs.mkdirSync(options.workDir, { recursive: true });
  const passphrase = options.passphrase ?? 'pulumi-versori-offline';
  const pulumiCommand = await auto.PulumiCommand.get({ root: path.dirname(binDir) });
  const workspace = await auto.LocalWorkspace.create({
    program: options.program,
    workDir: options.workDir,
    pulumiCommand,
    envVars: offlineEnv(binDir, options.backendDir, passphrase, options.env),
    ...(options.writeProjectFile === false
      ? {}
      : {
          projectSettings: {
            name: options.projectName,
            runtime: 'nodejs',
            backend: { url: `file://${options.backendDir}` },
          },
        }),
  });
  const stack = await auto.Stack.createOrSelect(options.stackName, workspace);
  if (options.config && Object.keys(options.config).length > 0) {
    await stack.setAllConfig(options.config);
  }
  return stack;
}

export interface PulumiExecOptions {
  stack: string;
  /** Add `--stack` (the default); false for commands about the backend, such as `whoami`. */
  perStack?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs the Pulumi CLI at `command` non-interactively for a stack; resolves with its stdout. */
export function execPulumi(command: string, args: string[], { stack, perStack = true, cwd, env }: PulumiExecOptions): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile(
      command,
      [...args, ...(perStack ? ['--stack', stack] : []), '--non-interactive'],
      { cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`pulumi ${args.join(' ')} failed: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}

/** Runs the CLI itself for an Automation API stack, for commands the Automation API does not wrap. */
export function runPulumi(stack: auto.Stack, args: string[], { perStack = true }: { perStack?: boolean } = {}): Promise<string> {
  const workspace = stack.workspace as auto.LocalWorkspace;
  return execPulumi(workspace.pulumiCommand.command, args, {
    stack: stack.name,
    perStack,
    cwd: workspace.workDir,
    env: { ...process.env, ...workspace.envVars },
  });
}
