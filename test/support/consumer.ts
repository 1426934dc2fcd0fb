// The consumer suite's world: this package packed into a tarball, installed with npm or pnpm into Pulumi program
// folders outside the repository (scripts/packaged.ts), run by the bare Pulumi CLI against the emulator command the
// package ships.
import * as path from 'path';
import { ProgramFolder } from '../../scripts/program-folder';
import type { EmulatorProcess, Toolchain } from '../../scripts/packaged';

export * from '../../scripts/packaged';

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
