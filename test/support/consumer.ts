// The consumer suite's world: the packed package installed into program folders outside the repository
// (scripts/packed-install.ts), plus what only the suite needs: an earlier release, a component package, a tarball's
// file list.
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { copyTemplate, install, packageManager, packedPackage, pinDependencies, type PackageManager, type Toolchain } from '../../scripts/packed-install';

export * from '../../scripts/packed-install';

const run = promisify(execFile);

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

/** The names of the files a tarball holds. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  return stdout.trim().split('\n').map((name) => name.replace(/^package\//, '')).sort();
}
