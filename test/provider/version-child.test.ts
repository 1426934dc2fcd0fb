// A write refused with 409 in a version: the version is read to tell a frozen (published) version from a clash, and
// when that read fails the error says so, with both failures, instead of passing the 409 on as if it were understood.
import { strict as assert } from 'node:assert';
import { VersoriApiError, type VersoriClient } from '../../provider/client';
import { whileDraft } from '../../provider/version-child';

const AT = { connectorId: '01J0000000000000000000000A', versionName: '1.0.0' };

const conflict = new VersoriApiError({
  status: 409, code: 'conflict', apiMessage: 'conflict', operation: 'UpdateAction', subject: 'Action "a"', method: 'PUT', attempts: 1,
});

/** A client whose GetVersion answers `getVersion`. */
function clientWith(getVersion: () => Promise<{ publishedAt: string | null }>): VersoriClient {
  const stub: Pick<VersoriClient, 'versions'> = { versions: { getVersion } as unknown as VersoriClient['versions'] };
  return stub as VersoriClient;
}

describe('provider/version-child', () => {
  const refused = async () => {
    throw conflict;
  };

  it('a 409 in a published version is the frozen-version sentence', async () => {
    const client = clientWith(async () => ({ publishedAt: '2026-01-01T00:00:00Z' }));
    await assert.rejects(whileDraft(client, AT, 'Action "a"', 'changed', refused), /is published, and Versori keeps a published version/);
  });

  it('a 409 in a draft is passed on as it came', async () => {
    const client = clientWith(async () => ({ publishedAt: null }));
    await assert.rejects(whileDraft(client, AT, 'Action "a"', 'changed', refused), (error) => error === conflict);
  });

  it('when the version cannot be read, says both what was refused and that the reason is not known', async () => {
    const client = clientWith(async () => {
      throw new Error('socket hang up');
    });
    await assert.rejects(
      whileDraft(client, AT, 'Action "a"', 'changed', refused),
      (error: Error) =>
        error.message.startsWith(conflict.message) &&
        /reading version "1\.0\.0" of connector 01J0000000000000000000000A to tell whether it is published .* failed too: socket hang up/.test(error.message),
    );
  });
});
