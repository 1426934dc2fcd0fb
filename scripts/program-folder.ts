// Drives the bare Pulumi CLI in a Pulumi program folder, the way a user runs it: offline (local file backend,
// passphrase secrets), non-interactive, with a chosen CLI and Node.js first on PATH. Shared by the demo and the
// consumer suite.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { offlineEnv } from './engine';

export interface ProgramFolderOptions {
  /** The program folder (its Pulumi.yaml and package.json). */
  dir: string;
  stack: string;
  /** Folder of the local file backend. */
  backendDir: string;
  passphrase: string;
  /** Folder holding `pulumi`, the Node.js language host and the dynamic-provider plugin (scripts/ensure-pulumi). */
  cliBinDir: string;
  /** Folder holding the `node` the program runs on; the machine's when absent. */
  nodeBinDir?: string;
  /** Extra environment (the machine's, less anything Versori, is the base). */
  env?: Record<string, string>;
  /** Copies the output of up, preview, refresh and destroy here as they run (the demo shows it). */
  echo?: (text: string) => void;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time from starting the CLI to its exit. */
  seconds: number;
  /** With `measure`: user + system CPU of the CLI and of every process it started and waited for. */
  cpuSeconds?: number;
}

export class CliError extends Error {
  constructor(
    readonly args: string[],
    readonly result: CliResult,
  ) {
    super(`pulumi ${args.join(' ')} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
  }
}

export interface RunOptions {
  /** Standard input for the command. */
  input?: string;
  /** Resolve with a failed run's result instead of rejecting. */
  allowFailure?: boolean;
  /** Echo the output as it runs. */
  show?: boolean;
  /** Measure the CPU the run takes (`cpuSeconds`): the CLI runs under a shell that reports its children's times. */
  measure?: boolean;
}

// Runs the CLI, then writes the CPU times of the shell's finished children (the CLI and the processes it waited for).
const MEASURED = 'pulumi "$@"; code=$?; times >&3; exit $code';

/** The children's user and system times from the second line of `times`, e.g. `0m2.620000s 0m0.020000s`. */
function childrenCpuSeconds(times: string): number | undefined {
  const line = times.trim().split('\n')[1] ?? '';
  const values = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return values.length === 2 ? values[0] + values[1] : undefined;
}

export interface UpdateSummary {
  kind: string;
  result: string;
  resourceChanges: Record<string, number>;
}

export class ProgramFolder {
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly options: ProgramFolderOptions) {
    // The program must see the platform only through its stack configuration.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VERSORI_')));
    const offline = offlineEnv(options.cliBinDir, options.backendDir, options.passphrase, options.env);
    const nodePath = options.nodeBinDir ? `${options.nodeBinDir}${path.delimiter}` : '';
    this.env = { ...inherited, ...offline, PATH: `${nodePath}${offline.PATH}` };
    fs.mkdirSync(options.backendDir, { recursive: true });
  }

  /** Runs `pulumi ARGS` in the folder; rejects with a CliError when it fails, unless `allowFailure`. */
  run(args: string[], { input, allowFailure = false, show = false, measure = false }: RunOptions = {}): Promise<CliResult> {
    const echo = show ? this.options.echo : undefined;
    const cliArgs = [...args, '--non-interactive'];
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = measure
        ? spawn('sh', ['-c', MEASURED, 'pulumi', ...cliArgs], { cwd: this.options.dir, env: this.env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] })
        : spawn('pulumi', cliArgs, { cwd: this.options.dir, env: this.env });
      let stdout = '';
      let stderr = '';
      let times = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        echo?.(chunk.toString());
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        echo?.(chunk.toString());
      });
      child.stdio[3]?.on('data', (chunk: Buffer) => (times += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const result: CliResult = { code: code ?? 1, stdout, stderr, seconds, ...(measure && { cpuSeconds: childrenCpuSeconds(times) }) };
        if (result.code !== 0 && !allowFailure) reject(new CliError(args, result));
        else resolve(result);
      });
      child.stdin?.end(input ?? '');
    });
  }

  /** Selects the stack; with `create`, creates it (and its passphrase-encrypted config) when the backend lacks it. */
  async selectStack({ create = false } = {}): Promise<'created' | 'selected' | 'missing'> {
    const selected = await this.run(['stack', 'select', this.options.stack], { allowFailure: true });
    if (selected.code === 0) return 'selected';
    if (!create) return 'missing';
    await this.run(['stack', 'init', this.options.stack, '--secrets-provider', 'passphrase']);
    return 'created';
  }

  /** Sets a config value, secret ones through standard input so that they never appear in a process list. */
  async setConfig(key: string, value: string, { secret = false } = {}): Promise<void> {
    await this.run(['config', 'set', key, ...(secret ? ['--secret'] : []), '--stack', this.options.stack], { input: value });
  }

  /** Sets plain (not secret) config values in one run. */
  async setPlainConfig(values: Record<string, string>): Promise<void> {
    const pairs = Object.entries(values).flatMap(([key, value]) => ['--plaintext', `${key}=${value}`]);
    await this.run(['config', 'set-all', ...pairs, '--stack', this.options.stack]);
  }

  async removeConfig(key: string): Promise<void> {
    await this.run(['config', 'rm', key, '--stack', this.options.stack]);
  }

  /** `pulumi up --yes`: previews the whole plan first (every resource checked) as a user's run does. */
  up(extra: string[] = [], options: RunOptions = {}): Promise<CliResult> {
    return this.operation(['up', '--yes'], extra, options);
  }

  preview(extra: string[] = [], options: RunOptions = {}): Promise<CliResult> {
    return this.operation(['preview'], extra, options);
  }

  refresh(extra: string[] = [], options: RunOptions = {}): Promise<CliResult> {
    return this.operation(['refresh', '--yes', '--skip-preview'], extra, options);
  }

  destroy(extra: string[] = [], options: RunOptions = {}): Promise<CliResult> {
    return this.operation(['destroy', '--yes', '--skip-preview'], extra, options);
  }

  private operation(command: string[], extra: string[], options: RunOptions): Promise<CliResult> {
    return this.run([...command, '--stack', this.options.stack, ...extra], { show: true, ...options });
  }

  /** The stack's most recent update, from `pulumi stack history`. */
  async lastUpdate(): Promise<UpdateSummary> {
    const { stdout } = await this.run(['stack', 'history', '--json', '--show-secrets=false', '--stack', this.options.stack]);
    const history = JSON.parse(stdout) as UpdateSummary[];
    if (history.length === 0) throw new Error(`stack ${this.options.stack} has no updates yet`);
    return history[0];
  }

  /** `pulumi stack export`, parsed. */
  async exportState(): Promise<{ deployment: { resources?: Array<Record<string, unknown>> } }> {
    const { stdout } = await this.run(['stack', 'export', '--stack', this.options.stack]);
    return JSON.parse(stdout) as { deployment: { resources?: Array<Record<string, unknown>> } };
  }
}

/** "2 create, 1 update" from an update's resource changes, or undefined when nothing changed. */
export function describeChanges(changes: Record<string, number>): string | undefined {
  const changed = Object.entries(changes).filter(([op, n]) => op !== 'same' && n > 0);
  return changed.length === 0 ? undefined : changed.map(([op, n]) => `${n} ${op}`).join(', ');
}
