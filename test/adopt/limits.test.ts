// The stack config a generated program needs must fit in the one environment variable Pulumi's Node.js language host
// passes it in (128 KiB on Linux): versori-adopt warns, and says to split, when it would not.
import { strict as assert } from 'node:assert';
import { ASSUMED_SECRET_BYTES, CONFIG_LIMIT_BYTES, configSizeWarnings, estimatedConfigBytes } from '../../adopt/limits';
import type { RequiredSecret } from '../../adopt/program';

/** `count` secrets named as versori-adopt names a connection's, e.g. `crmService0007ProductionAction0Value`. */
function secrets(count: number): RequiredSecret[] {
  return Array.from({ length: count }, (_, i) => ({ key: `crmService${String(i).padStart(4, '0')}ProductionAction0Value`, belongsTo: `connection ${i}` }));
}

describe('adopt/limits', () => {
  it('estimates the config as the language host serializes it, each value of the assumed length', () => {
    const some = secrets(3);
    const json = JSON.stringify(Object.fromEntries(some.map((s) => [`org:${s.key}`, 'v'.repeat(ASSUMED_SECRET_BYTES)])));
    assert.equal(estimatedConfigBytes('org', some), Buffer.byteLength(json) + 512);
  });

  it('warns for 1,500 secrets in one project, naming the limit and the way out, and not for a fifth of them', () => {
    const [warning, ...rest] = configSizeWarnings('big-org', secrets(1500));
    assert.equal(rest.length, 0);
    assert.match(warning, /^project big-org reads 1500 secrets from its stack config, about \d+ KiB .* caps at 128 KiB .*argument list too long.*--split-by-tag$/);
    assert.ok(estimatedConfigBytes('big-org', secrets(1500)) > CONFIG_LIMIT_BYTES);
    assert.deepEqual(configSizeWarnings('big-org-crm', secrets(300)), []);
    assert.deepEqual(configSizeWarnings('big-org', []), []);
  });
});
