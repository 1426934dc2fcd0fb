// A connector's categories, which the API never returns: only ListConnectors shows them, as a filter that matches a
// connector holding any of the categories given. Filtered by the connector's name too, each answer is short.
import { CATEGORIES, type Category } from '../../api/versions';
import type { Subject, VersoriClient } from '../client';
import { uniqueCategories } from './inputs';

export interface NamedConnector {
  readonly id: string;
  readonly name: string;
}

/** Whether ListConnectors, filtered by the connector's name and by `categories`, holds the connector. */
async function listedWith(client: VersoriClient, connector: NamedConnector, categories: readonly Category[], subject: Subject): Promise<boolean> {
  const what = `the connectors named like "${connector.name}" in categories ${categories.join(', ')}`;
  for await (const page of client.connectorPages({ name: connector.name, categories }, what, subject)) {
    if (page.some((c) => c.id === connector.id)) return true;
  }
  return false;
}

/**
 * The connector's categories, sorted as `uniqueCategories` sorts them. One list when it has none, one more per category
 * when it has some; each list is one request unless over 100 connectors' names contain its name.
 */
export async function categoriesOf(client: VersoriClient, connector: NamedConnector, subject: Subject): Promise<Category[]> {
  if (!(await listedWith(client, connector, CATEGORIES, subject))) return [];
  const held: Category[] = [];
  for (const category of CATEGORIES) {
    if (await listedWith(client, connector, [category], subject)) held.push(category);
  }
  return uniqueCategories(held);
}
