import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AuthSchemeConfig, ConnectionVariable, CredentialList, CredentialType, Protocol } from '../api/schemas';
import type { Category } from '../api/versions';
import type { MonotonicClock } from './clock';
import type { StoredVersion } from './version-store';

/** A credential as stored: its data is whole (secrets included); responses redact it. */
export interface StoredCredential {
  id: string;
  organisationId: string;
  type: CredentialType;
  name: string;
  data: Record<string, unknown>;
  expiresAt?: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredConnectionCredential {
  id: string;
  authSchemeConfigId: string;
  /** The config as it was when last attached or when it was deleted from the connector. */
  authSchemeConfig: AuthSchemeConfig;
  credentialId: string;
}

export interface StoredConnection {
  id: string;
  name: string;
  credentials: Partial<Record<CredentialList, StoredConnectionCredential[]>>;
  variables: ConnectionVariable[];
  inUse: boolean;
  createdAt: string;
  updatedAt: string;
}

/** An auth scheme config as stored: an oauth2 grant keeps only its credential's IDs, never its client secret. */
export interface StoredConnector {
  id: string;
  organisationId: string;
  name: string;
  protocol: Protocol;
  baseUrl?: string;
  datasetId?: string;
  public: boolean;
  documentationURL?: string;
  imageURL?: string;
  tags?: Record<string, unknown>;
  authSchemeConfigs: AuthSchemeConfig[];
  connectionVariables?: ConnectionVariable[];
  connections: StoredConnection[];
  /** Absent in data files written before versions were emulated. */
  versions?: StoredVersion[];
  categories?: Category[];
  inUse: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface OrganisationState {
  connectors: Record<string, StoredConnector>;
  credentials: Record<string, StoredCredential>;
}

export interface StoreData {
  version: 1;
  organisations: Record<string, OrganisationState>;
}

export function emptyStore(): StoreData {
  return { version: 1, organisations: {} };
}

export function emptyOrganisation(): OrganisationState {
  return { connectors: {}, credentials: {} };
}

/** Own-property lookup, so that IDs taken from a path can never reach Object.prototype. */
export function lookup<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function organisationOf(store: StoreData, organisationId: string): OrganisationState {
  let state = lookup(store.organisations, organisationId);
  if (state === undefined) {
    state = emptyOrganisation();
    store.organisations[organisationId] = state;
  }
  return state;
}

export async function loadStore(file: string, clock: MonotonicClock): Promise<StoreData> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyStore();
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<StoreData>;
  if (parsed.version !== 1 || typeof parsed.organisations !== 'object' || parsed.organisations === null) {
    throw new Error(`${file} is not a Versori emulator data file`);
  }
  const store = parsed as StoreData;
  for (const organisation of Object.values(store.organisations)) {
    for (const connector of Object.values(organisation.connectors)) {
      clock.observe(connector.updatedAt);
      for (const connection of connector.connections) clock.observe(connection.updatedAt);
      for (const version of connector.versions ?? []) clock.observe(version.updatedAt);
    }
    for (const credential of Object.values(organisation.credentials)) clock.observe(credential.updatedAt);
  }
  return store;
}

/**
 * Writes the whole store to `file` after each change: one write at a time (temp file, then rename, so a reader never
 * sees a half-written file); the changes of one turn are saved together, and changes made during a write are picked up
 * by the next one. A failed save is reported and kept pending: the next change, or flush, tries again.
 */
export class StorePersister {
  private running: Promise<void> | null = null;
  private dirty = false;
  private failure: unknown = undefined;
  private sequence = 0;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => string,
    private readonly onError: (error: unknown) => void = (error) => process.stderr.write(`versori-emulator: ${String(error)}\n`),
  ) {}

  schedule(): void {
    this.dirty = true;
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  /** Waits until every change is saved. A pending failed save is tried once more; if it fails again, flush rejects. */
  async flush(): Promise<void> {
    await this.idle();
    if (!this.dirty) return;
    this.schedule();
    await this.idle();
    if (this.dirty) {
      const reason = this.failure instanceof Error ? this.failure.message : String(this.failure);
      throw new Error(`could not save the store to ${this.file}: ${reason}`);
    }
  }

  private async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          await this.writeOnce(this.snapshot());
          this.failure = undefined;
        } catch (error) {
          this.dirty = true;
          this.failure = error;
          this.onError(error);
          return;
        }
      }
    } finally {
      this.running = null;
    }
  }

  /**
   * The store holds credential secrets in clear: it is written to a new file only its owner can read, under a name no
   * one can guess, created exclusively and never through a link, then renamed over the store (which replaces a link
   * there rather than following it).
   */
  private async writeOnce(text: string): Promise<void> {
    this.sequence += 1;
    const temp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${randomBytes(12).toString('hex')}.tmp`);
    try {
      const handle = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        await handle.writeFile(text, 'utf8');
      } finally {
        await handle.close();
      }
      await fs.rename(temp, this.file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }
}
