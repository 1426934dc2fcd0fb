// A catalog connector as code beyond its name and base URL: version `catalogVersion` holds two definitions (schemas),
// two actions that link them and a webhook trigger, and is published once all of them exist.
// A published version is frozen by the platform. To change an action, give the change a new version: set
// `catalogVersion` to a new name and `pulumi up` creates the new version with its children, publishes it, then
// unpublishes and deletes the old one (docs/resources.md, "Changing a published version").
import * as pulumi from '@pulumi/pulumi';
import * as versori from 'pulumi-versori';

const config = new pulumi.Config();
const JSON_SCHEMA = 'application/schema+json';

const catalog = new versori.Connector('catalog', {
  name: 'Example Catalog',
  baseUrl: 'https://api.example-catalog.com/v1',
  categories: ['eCommerce'],
});

const version = new versori.ConnectorVersion('catalog-version', {
  connectorId: catalog.id,
  name: config.get('catalogVersion') ?? '1.0.0',
  description: config.get('catalogVersionDescription') ?? 'Products and orders',
});
const inVersion = { connectorId: version.connectorId, versionName: version.name };

const product = new versori.Definition('product', {
  ...inVersion,
  name: 'product',
  accept: ['application/json'],
  schema: {
    contentType: JSON_SCHEMA,
    content: JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'string' }, title: { type: 'string' } } }),
  },
});

const order = new versori.Definition('order', {
  ...inVersion,
  name: 'order',
  accept: ['application/json'],
  description: 'An order as the webhook delivers it',
  schema: {
    contentType: JSON_SCHEMA,
    content: JSON.stringify({ type: 'object', properties: { id: { type: 'string' }, lines: { type: 'array', items: { $ref: '#/$defs/product' } } } }),
  },
}, { dependsOn: [product] });

const getProduct = new versori.Action('get-product', {
  ...inVersion,
  name: 'get-product',
  summary: 'Get a product',
  method: 'GET',
  path: config.get('productPath') ?? '/products/{{ param.id }}',
  parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
  responses: [{ status: 200, definitions: [product.name] }, { definitions: [] }],
});

const createOrder = new versori.Action('create-order', {
  ...inVersion,
  name: 'create-order',
  summary: 'Create an order',
  method: 'POST',
  path: '/orders',
  parameters: [{ name: 'dryRun', in: 'query', required: false, type: 'boolean', default: false }],
  requestBody: { required: true, definitions: [order.name] },
  responses: [{ status: 201, definitions: [order.name] }],
});

const orderCreated = new versori.Trigger('order-created', {
  ...inVersion,
  name: 'order-created',
  summary: 'An order was created',
  method: 'POST',
  parameters: [{ name: 'X-Signature', in: 'header', required: true, type: 'string' }],
  requestBody: { required: true, definitions: [order.name] },
  responses: [{ status: 204, definitions: [] }],
});

// Publishing comes after every child of the version: dependsOn orders it.
const publication = new versori.ConnectorVersionPublication('catalog-version', {
  connectorId: version.connectorId,
  versionName: version.name,
  isDefault: true,
}, { dependsOn: [product, order, getProduct, createOrder, orderCreated] });

export const connectorId = catalog.id;
export const publishedVersion = version.name;
export const publishedAt = publication.publishedAt;
export const productSchemaUrl = product.url;
