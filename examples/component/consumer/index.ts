// A team's stack: one CRM integration from the shared component package.
import * as pulumi from '@pulumi/pulumi';
import { CrmIntegration } from '@example/versori-crm-integration';

const config = new pulumi.Config();

const crm = new CrmIntegration('crm', {
  connectorName: 'Example CRM',
  baseUrl: config.get('crmBaseUrl') ?? 'https://api.example-crm.com/v2',
  oauth: {
    authorizeUrl: 'https://auth.example-crm.com/authorize',
    tokenUrl: 'https://auth.example-crm.com/token',
    scopes: ['contacts.read'],
  },
  defaultVariables: { region: 'eu-west-1' },
  environments: [
    { name: 'staging', apiKey: config.requireSecret('stagingApiKey') },
    { name: 'production', apiKey: config.requireSecret('productionApiKey'), variables: { batchSize: '500' } },
  ],
  tags: { team: 'integrations' },
});

export const connectorId = crm.connectorId;
export const connectionIds = crm.connectionIds;
