// examples/versions as an inline program (the provider from source): a connector, version "1.0.0" holding two
// definitions, two actions that link them and a webhook trigger, and the version's publication once all of them exist.
import * as pulumi from '@pulumi/pulumi';
import { Action, Connector, ConnectorVersion, ConnectorVersionPublication, Definition, Trigger } from '../../provider';

export const VERSIONS_CONNECTOR_NAME = 'Example Catalog';
export const VERSIONS_VERSION_NAME = '1.0.0';
/** The program's resources: connector, version, 2 definitions, 2 actions, 1 trigger, publication. */
export const VERSIONS_RESOURCES = 8;

const JSON_SCHEMA = 'application/schema+json';

export function versionsProgram(): () => Promise<Record<string, pulumi.Output<unknown>>> {
  return async () => {
    const catalog = new Connector('catalog', { name: VERSIONS_CONNECTOR_NAME, baseUrl: 'https://api.example-catalog.com/v1', categories: ['eCommerce'] });
    const version = new ConnectorVersion('catalog-version', { connectorId: catalog.id, name: VERSIONS_VERSION_NAME, description: 'Products and orders' });
    const inVersion = { connectorId: version.connectorId, versionName: version.name };
    const product = new Definition('product', {
      ...inVersion,
      name: 'product',
      accept: ['application/json'],
      schema: { contentType: JSON_SCHEMA, content: JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'string' } } }) },
    });
    const order = new Definition(
      'order',
      {
        ...inVersion,
        name: 'order',
        accept: ['application/json'],
        description: 'An order as the webhook delivers it',
        schema: { contentType: JSON_SCHEMA, content: JSON.stringify({ type: 'object', properties: { lines: { type: 'array', items: { $ref: '#/$defs/product' } } } }) },
      },
      { dependsOn: [product] },
    );
    const getProduct = new Action('get-product', {
      ...inVersion,
      name: 'get-product',
      summary: 'Get a product',
      method: 'GET',
      path: '/products/{{ param.id }}',
      parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
      responses: [{ status: 200, definitions: [product.name] }, { definitions: [] }],
    });
    const createOrder = new Action('create-order', {
      ...inVersion,
      name: 'create-order',
      method: 'POST',
      path: '/orders',
      requestBody: { required: true, definitions: [order.name] },
      responses: [{ status: 201, definitions: [order.name] }],
    });
    const orderCreated = new Trigger('order-created', {
      ...inVersion,
      name: 'order-created',
      method: 'POST',
      parameters: [{ name: 'X-Signature', in: 'header', required: true, type: 'string' }],
      requestBody: { required: true, definitions: [order.name] },
      responses: [{ status: 204, definitions: [] }],
    });
    const publication = new ConnectorVersionPublication(
      'catalog-version',
      { connectorId: version.connectorId, versionName: version.name, isDefault: true },
      { dependsOn: [product, order, getProduct, createOrder, orderCreated] },
    );
    return { connectorId: catalog.id, publishedAt: publication.publishedAt };
  };
}
