'use strict';
// Makes this package resolvable by its own name from the repository's node_modules, as it is once installed
// in a user's project. Pulumi serializes each dynamic provider as a few lines that require
// "pulumi-versori/dist/provider/handlers" in the dynamic-provider process, resolved from the program's folder.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const link = path.join(root, 'node_modules', require(path.join(root, 'package.json')).name);
try {
  if (fs.realpathSync(link) === root) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // absent: create it below
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync('..', link, 'dir');
