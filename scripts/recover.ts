// Recovery after an interrupted `pulumi up` (SIGKILL, CI timeout, lost machine): removes the stale lock with
// `pulumi cancel`, then resolves every pending create the engine left in the state by looking for the object it was
// creating on the platform. Objects that exist are written into the state under the pending resource's URN and
// refreshed; the other pending creates are dropped (`pulumi refresh --clear-pending-creates`), so that the next
// `pulumi up` creates nothing twice.
//
//   npx ts-node --transpile-only scripts/recover.ts --stack <name> [--cwd <project dir>] [--dry-run]
//
// The platform is read with the stack's own settings (versori:token, versori:organisationId, versori:baseUrl, or the
// VERSORI_* environment variables). See docs/recovery.md.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { VersoriClient } from '../provider/client';
import { resolveSettings, type VersoriSettings } from '../provider/config';
import { execPulumi } from './engine';
import { findCreated, type PendingCreate, type StateResource } from './recover-find';

export { findCreated, type PendingCreate } from './recover-find';

/**
 * Runs one `pulumi` command and resolves with its stdout. --non-interactive is added, and --stack too unless
 * `perStack` is false (commands about the backend, such as `whoami`).
 */
export type PulumiRunner = (args: string[], options?: { perStack?: boolean }) => Promise<string>;

interface Deployment {
  resources?: StateResource[];
  pending_operations?: Array<{ type: string; resource: StateResource }>;
}

export interface RecoveryReport {
  /** Checkpoint metadata files of a file backend that the kill left unreadable, and that were removed. */
  repaired: string[];
  /** What `pulumi cancel` printed (the lock it removed), or why it was not needed. */
  cancel: string;
  imported: PendingCreate[];
  cleared: PendingCreate[];
  /** Pending operations other than creates (updates, deletes): a refresh settles them. */
  otherPending: number;
}

async function exportDeployment(pulumi: PulumiRunner): Promise<Deployment> {
  const exported = JSON.parse(await pulumi(['stack', 'export'])) as { deployment?: Deployment };
  return exported.deployment ?? {};
}

/** The folder of a `file://` backend URL (`file://~` is the home folder), or undefined for other backends. */
export function fileBackendFolder(url: string): string | undefined {
  if (!url.startsWith('file://')) return undefined;
  const location = decodeURIComponent(url.slice('file://'.length).split('?')[0]);
  return location === '~' || location.startsWith('~/') ? path.join(os.homedir(), location.slice(1)) : location;
}

function isReadableJson(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * A file backend keeps each blob's metadata (content type, MD5) in a `<blob>.attrs` file beside it, and rewrites it in
 * place before it atomically renames the new blob over the old one. A SIGKILL between the two leaves it empty or cut
 * short, and every later command on the stack fails with `failed to load checkpoint: EOF`. The checkpoint itself is
 * intact and the metadata is optional, so removing the unreadable `.attrs` files repairs the stack.
 */
export async function repairFileBackend(pulumi: PulumiRunner): Promise<string[]> {
  const { url } = JSON.parse(await pulumi(['whoami', '--json'], { perStack: false })) as { url?: string };
  const folder = url === undefined ? undefined : fileBackendFolder(url);
  if (folder === undefined) return [];
  const removed: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith('.attrs') && !isReadableJson(file)) {
        fs.rmSync(file);
        removed.push(file);
      }
    }
  };
  const state = path.join(folder, '.pulumi');
  if (fs.existsSync(state)) visit(state);
  return removed;
}

const repairedLine = (file: string) => `recover: removed ${file}, a checkpoint metadata file the interruption left unreadable`;

/**
 * The whole recovery: cancel (remove the stale lock), resolve pending creates against the platform, then one
 * `pulumi refresh` that imports what exists and clears the rest. Safe to run when nothing is pending.
 */
export async function recoverInterruptedUpdate(
  pulumi: PulumiRunner,
  settings: VersoriSettings,
  options: { dryRun?: boolean; log?: (line: string) => void } = {},
): Promise<RecoveryReport> {
  const log = options.log ?? (() => undefined);
  const repaired = options.dryRun === true ? [] : await repairFileBackend(pulumi);
  for (const file of repaired) log(repairedLine(file));
  let cancel = 'dry run: any lock is left in place';
  if (options.dryRun !== true) {
    try {
      cancel = (await pulumi(['cancel', '--yes'])).trim();
    } catch (error) {
      cancel = `pulumi cancel: ${error instanceof Error ? error.message.trim() : String(error)}`;
    }
  }
  log(`recover: ${cancel}`);

  const deployment = await exportDeployment(pulumi);
  const pendingOps = deployment.pending_operations ?? [];
  const creates = pendingOps.filter((op) => op.type === 'creating').map((op) => op.resource);
  const client = new VersoriClient(settings);
  const imported: PendingCreate[] = [];
  const cleared: PendingCreate[] = [];
  for (const pending of creates) {
    const found = await findCreated(client, pending, deployment.resources ?? []);
    (found.id !== undefined ? imported : cleared).push(found);
    log(`recover: ${pending.urn}: ${found.id !== undefined ? `import ${found.id}` : 'clear'} (${found.note})`);
  }
  const report = { repaired, cancel, imported, cleared, otherPending: pendingOps.length - creates.length };
  if (options.dryRun === true || pendingOps.length === 0) return report;

  if (imported.length > 0) {
    // `pulumi refresh --import-pending-creates` drops the pending creates of dynamic resources without adding them
    // (v3.246), so the found objects are written into the state directly, then refreshed like any other resource.
    await importIntoState(pulumi, imported);
  }
  const args = ['refresh', '--yes', '--skip-preview', '--clear-pending-creates'];
  log(`recover: pulumi ${args.join(' ')}`);
  await pulumi(args);
  const after = await exportDeployment(pulumi);
  const left = after.pending_operations ?? [];
  if (left.length > 0) {
    throw new Error(`recover: ${left.length} pending operation(s) remain after the refresh: ${left.map((op) => `${op.type} ${op.resource.urn}`).join(', ')}`);
  }
  return report;
}

/**
 * Turns the pending creates of `found` into resources with the found ids (`stack export`, edit, `stack import`). Their
 * outputs start as the recorded inputs (they carry the serialized provider), so that the refresh can read them.
 */
async function importIntoState(pulumi: PulumiRunner, found: PendingCreate[]): Promise<void> {
  const exported = JSON.parse(await pulumi(['stack', 'export'])) as { deployment: Deployment & Record<string, unknown> };
  const deployment = exported.deployment;
  const ids = new Map(found.map((item) => [item.urn, item.id]));
  const keep: NonNullable<Deployment['pending_operations']> = [];
  for (const op of deployment.pending_operations ?? []) {
    const id = op.type === 'creating' ? ids.get(op.resource.urn) : undefined;
    if (id === undefined) {
      keep.push(op);
      continue;
    }
    const resource = op.resource as StateResource & { outputs?: Record<string, unknown> };
    const outputs = resource.outputs !== undefined && Object.keys(resource.outputs).length > 0 ? resource.outputs : resource.inputs;
    // Nothing in the state can depend on a resource whose create never finished, so appending keeps the order valid.
    (deployment.resources ??= []).push({ ...resource, id, outputs } as StateResource);
  }
  deployment.pending_operations = keep;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'versori-recover-'));
  const file = path.join(dir, 'state.json');
  try {
    fs.writeFileSync(file, JSON.stringify(exported), { mode: 0o600 });
    await pulumi(['stack', 'import', '--file', file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------- command line ----------

function cliRunner(stack: string, cwd: string): PulumiRunner {
  return (args, { perStack = true } = {}) => execPulumi('pulumi', args, { stack, perStack, cwd });
}

async function configValue(pulumi: PulumiRunner, key: string): Promise<string | undefined> {
  try {
    return (await pulumi(['config', 'get', key])).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const stack = option('--stack');
  if (stack === undefined) throw new Error('usage: scripts/recover.ts --stack <name> [--cwd <project dir>] [--dry-run]');
  const pulumi = cliRunner(stack, option('--cwd') ?? process.cwd());
  const dryRun = argv.includes('--dry-run');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  // Before the stack's configuration is read: with a damaged checkpoint, `pulumi config get` fails as well.
  if (!dryRun) {
    for (const file of await repairFileBackend(pulumi)) log(repairedLine(file));
  }
  const settings = resolveSettings({
    token: await configValue(pulumi, 'versori:token'),
    organisationId: await configValue(pulumi, 'versori:organisationId'),
    baseUrl: await configValue(pulumi, 'versori:baseUrl'),
  });
  const report = await recoverInterruptedUpdate(pulumi, settings, { dryRun, log });
  process.stdout.write(
    `recover: ${report.imported.length} imported, ${report.cleared.length} cleared, ${report.otherPending} other pending operation(s) settled. Now run \`pulumi up\`.\n`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
