// Webhook endpoints: create (returns the signing secret once), retrieve, update, delete, list.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { nowSeconds } from '../core/time';
import { invalid } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { paginate } from '../wire/list';
import type { Route } from '../wire/router';
import { accepted, applyMetadata, arr, bool, emptyable, metadata, pagination, parseParams, required, str } from '../wire/schema';
import { newWebhookSecret } from '../webhooks/sign';
import { getOr404 } from './common';

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`Invalid URL: ${url}`, 'url', 'url_invalid');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw invalid('Invalid URL: URL must be http or https.', 'url', 'url_invalid');
}

function create(emu: Emulator, form: FormObject): Stripe.WebhookEndpoint {
  const p = parseParams(
    {
      url: required(str({ max: 2048 })),
      enabled_events: required(arr(str(), { max: 500 })),
      description: emptyable(str()),
      metadata: metadata(),
      api_version: str(),
      connect: bool(),
      expand: accepted(),
    },
    form,
  );
  checkUrl(p.url);
  if (p.enabled_events.length === 0) throw invalid('enabled_events must contain at least one event type.', 'enabled_events');
  const secret = newWebhookSecret();
  const endpoint: Stripe.WebhookEndpoint = {
    id: newId('we', 24),
    object: 'webhook_endpoint',
    api_version: p.api_version ?? null,
    application: null,
    created: nowSeconds(),
    description: p.description ?? null,
    enabled_events: p.enabled_events,
    livemode: false,
    metadata: applyMetadata({}, p.metadata),
    status: 'enabled',
    url: p.url,
  };
  emu.state.webhookEndpoints.set(endpoint.id, endpoint);
  emu.state.endpointSecrets.set(endpoint.id, secret);
  return { ...endpoint, secret };
}

function update(endpoint: Stripe.WebhookEndpoint, form: FormObject): Stripe.WebhookEndpoint {
  const p = parseParams(
    {
      url: str({ max: 2048 }),
      enabled_events: arr(str(), { max: 500 }),
      description: emptyable(str()),
      metadata: metadata(),
      disabled: bool(),
    },
    form,
  );
  if (p.url !== undefined) {
    checkUrl(p.url);
    endpoint.url = p.url;
  }
  if (p.enabled_events !== undefined) endpoint.enabled_events = p.enabled_events;
  if (p.description !== undefined) endpoint.description = p.description;
  endpoint.metadata = applyMetadata(endpoint.metadata, p.metadata);
  if (p.disabled !== undefined) endpoint.status = p.disabled ? 'disabled' : 'enabled';
  return endpoint;
}

const byId = (emu: Emulator, id: string) => getOr404(emu.state.webhookEndpoints, id, 'webhook_endpoint');

export const webhookEndpointRoutes: Route[] = [
  { method: 'POST', path: '/v1/webhook_endpoints', handler: ({ emu, params }) => create(emu, params) },
  {
    method: 'GET',
    path: '/v1/webhook_endpoints/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), byId(emu, path.id as string)),
  },
  { method: 'POST', path: '/v1/webhook_endpoints/:id', handler: ({ emu, path, params }) => update(byId(emu, path.id as string), params) },
  {
    method: 'DELETE',
    path: '/v1/webhook_endpoints/:id',
    handler: ({ emu, path, params }) => {
      parseParams({}, params);
      const endpoint = byId(emu, path.id as string);
      emu.state.webhookEndpoints.delete(endpoint.id);
      emu.state.endpointSecrets.delete(endpoint.id);
      return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
    },
  },
  {
    method: 'GET',
    path: '/v1/webhook_endpoints',
    handler: ({ emu, params }) =>
      paginate(emu.state.webhookEndpoints.values(), parseParams({ ...pagination }, params), '/v1/webhook_endpoints'),
  },
];
