// Runs one `pulumi up` of the fleet program (or of the versions program) in a process of its own, so that a test can
// SIGKILL the Pulumi CLI this process starts without taking the test process down. Usage: node -r
// ts-node/register/transpile-only up-child.ts with UP_CHILD_SPEC='{"workDir","backendDir","units"}' or
// UP_CHILD_SPEC='{"workDir","backendDir","program":"versions"}' (the stack must exist: the test's harness created it).
import { offlineStack } from '../../scripts/engine';
import { fleetProgram } from './fleet';
import { versionsProgram } from './versions-program';

interface UpChildSpec {
  workDir: string;
  backendDir: string;
  units?: number;
  program?: 'fleet' | 'versions';
  projectName: string;
  stackName: string;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.UP_CHILD_SPEC ?? '{}') as UpChildSpec;
  const stack = await offlineStack({
    projectName: spec.projectName,
    stackName: spec.stackName,
    workDir: spec.workDir,
    backendDir: spec.backendDir,
    program: spec.program === 'versions' ? versionsProgram() : fleetProgram(spec.units ?? 0),
  });
  process.stdout.write('up-child: starting up\n');
  await stack.up({ onOutput: (text) => process.stdout.write(text) });
  process.stdout.write('up-child: up finished\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`up-child: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
