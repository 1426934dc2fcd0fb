// The program whose previews are test/preview-summary/fixtures: scripts/capture-previews.ts installs it with the
// packed package, runs `up`, then previews one kind of change at a time, each made through stack config.
import * as pulumi from '@pulumi/pulumi';
import * as versori from 'pulumi-versori';

const config = new pulumi.Config();

/**
 * Waits until the engine has planned `resource` before the program declares the next one, so that every capture
 * lists the steps in the same order (resources that do not depend on each other are otherwise planned in any order).
 */
function planned<T extends pulumi.Resource>(resource: T): Promise<T> {
  return new Promise((resolve) => resource.urn.apply(() => resolve(resource)));
}

// A resource of another provider, whose diff says only whether something changed (the engine's JSON then has no
// detailed diff for it): the summary covers every resource of a stack.
const notes: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Record<string, unknown>) {
    return { id: 'release-note', outs: inputs };
  },
  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    return { changes: olds.text !== news.text };
  },
};

class ReleaseNote extends pulumi.dynamic.Resource {
  constructor(name: string, text: string) {
    super(notes, name, { text }, undefined, 'notes', 'ReleaseNote');
  }
}

function keyedConnection(
  name: string,
  args: { connectorId: pulumi.Input<string>; name: string; scheme: versori.AuthSchemeConfig; key: pulumi.Output<string> },
  variables?: Array<{ name: string; value: string }>,
): versori.Connection {
  return new versori.Connection(name, {
    connectorId: args.connectorId,
    name: args.name,
    variables,
    credentials: {
      action: [{ authSchemeConfig: args.scheme, credential: { name: `${name}-key`, type: 'string', data: { value: args.key } } }],
    },
  });
}

async function crmIntegration(): Promise<void> {
  // `crmDataset` turns the connector into a BigQuery one: a protocol change, which replaces it and all on it.
  const dataset = config.get('crmDataset');
  const crm = await planned(
    new versori.Connector('crm', {
      name: 'Example CRM',
      ...(dataset === undefined
        ? { baseUrl: config.get('crmBaseUrl') ?? 'https://api.example-crm.com/v2' }
        : { protocol: 'bigquery', datasetId: dataset }),
      tags: { team: 'platform' },
      connectionVariables: [{ name: 'region', value: config.get('crmRegion') ?? 'eu-west-1' }],
      forceDelete: config.getBoolean('crmForceDelete'),
    }),
  );
  const scheme = await planned(
    new versori.AuthSchemeConfig('crm-api-key', {
      connectorId: crm.id,
      schemeType: 'api-key',
      description: 'API key in the X-API-Key header',
      name: 'X-API-Key',
      in: 'header',
    }),
  );
  const reportingName = config.get('reportingName') ?? 'crm-reporting';
  await planned(keyedConnection('crm-reporting', { connectorId: crm.id, name: reportingName, scheme, key: config.requireSecret('reportingKey') }));
  if (!config.getBoolean('dropSync')) {
    const sync = { connectorId: crm.id, name: 'crm-sync', scheme, key: config.requireSecret('syncKey') };
    await planned(keyedConnection('crm-sync', sync, [{ name: 'batchSize', value: '200' }]));
  }
}

async function erpIntegration(): Promise<void> {
  const erp = await planned(new versori.Connector('erp', { name: 'ERP', baseUrl: 'https://erp.example.com/api' }));
  const scheme = await planned(
    new versori.AuthSchemeConfig('erp-key', { connectorId: erp.id, schemeType: 'api-key', description: 'ERP key', name: 'X-Key', in: 'header' }),
  );
  await planned(keyedConnection('erp-prod', { connectorId: erp.id, name: 'prod', scheme, key: config.requireSecret('syncKey') }));
}

export = async () => {
  await crmIntegration();
  if (config.getBoolean('addErp')) await erpIntegration();
  await planned(new ReleaseNote('release-note', config.get('releaseNote') ?? 'first release'));
};
