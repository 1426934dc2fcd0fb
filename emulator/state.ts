import type { MonotonicClock } from './clock';
import { notFound } from './errors';
import type { FaultInjector } from './faults';
import { emptyStore, lookup, organisationOf, StorePersister, type StoreData } from './store';

/** Holds the store and applies admin operations; shared by the in-process API and the admin routes. */
export class EmulatorState {
  store: StoreData;
  private readonly persister: StorePersister | null;

  constructor(
    store: StoreData,
    readonly organisationId: string,
    readonly clock: MonotonicClock,
    readonly faults: FaultInjector,
    dataFile?: string,
  ) {
    this.store = store;
    this.persister = dataFile === undefined ? null : new StorePersister(dataFile, () => JSON.stringify(this.store, null, 2));
  }

  changed(): void {
    this.persister?.schedule();
  }

  /** Marks a connector (or one of its connections) in use, so that deleting it answers 409 (412). */
  markInUse(connectorId: string, connectionId?: string, inUse = true): void {
    const org = organisationOf(this.store, this.organisationId);
    const connector = lookup(org.connectors, connectorId);
    if (connector === undefined) throw notFound(`connector ${connectorId}`);
    if (connectionId === undefined) {
      connector.inUse = inUse;
    } else {
      const connection = connector.connections.find((c) => c.id === connectionId);
      if (connection === undefined) throw notFound(`connection ${connectionId}`);
      connection.inUse = inUse;
    }
    this.changed();
  }

  reset(): void {
    this.store = emptyStore();
    this.changed();
  }

  async flush(): Promise<void> {
    await this.persister?.flush();
  }
}
