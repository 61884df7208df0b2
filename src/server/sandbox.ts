import fs from 'node:fs';
import path from 'node:path';
import type { Express, Request } from 'express';
import {
  getNamedType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';

/**
 * The GraphQL sandbox: GraphiQL 3 served by the API itself from npm packages (its UMD build on
 * React 18's UMD builds), so it works on a closed network; no CDN, no build step, no inline script
 * (a strict `script-src 'self'` Content-Security-Policy still lets it run).
 */
export const SANDBOX_ASSETS_PATH = '/sandbox';

/** File name served -> [package, file inside it]; the packages' `exports` hide these files from require. */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.production.min.js': {
    pkg: 'react-dom',
    file: 'umd/react-dom.production.min.js',
    type: 'text/javascript',
  },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
  'graphql-ws.min.js': { pkg: 'graphql-ws', file: 'umd/graphql-ws.min.js', type: 'text/javascript' },
};

/** Demo data values used to prefill example operations (see src/seed/demo.seeder.ts). */
const SAMPLE_SKU = 'BEV-COLA-033';

export interface SandboxTab {
  query: string;
  variables?: string;
  headers?: string;
}

const AVAILABILITY_EXAMPLE = `# Storefront: what can the web channel sell now?
# Run: the ▶ button or Ctrl-Enter.
# Schema docs: the book icon on the left.
# API key: Headers tab below,
#   {"Authorization": "Bearer <your key>"}
query Availability($skus: [String!]!, $channel: String) {
  availability(skus: $skus, channel: $channel) {
    sku
    available
    warehouses {
      warehouseCode
      available
    }
  }
}
`;

const RESERVATION_EXAMPLE = `# Storefront: hold stock for a cart.
# Expected failures come back as userErrors.
mutation ReservationCreate($input: ReservationCreateInput!) {
  reservationCreate(input: $input) {
    reservation {
      id
      state
      expiresAt
      lines {
        quantity
        product {
          sku
        }
        warehouse {
          code
        }
      }
    }
    userErrors {
      field
      code
      message
      quantityAvailable
    }
  }
}
`;

/** A value for a required argument, guessed from its name and type, good enough for the demo data. */
function sampleValue(name: string, type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(name, type.ofType);
  if (isListType(type)) return [sampleValue(name, type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]?.name ?? null;
  if (isScalarType(type)) {
    if (/sku/i.test(name)) return SAMPLE_SKU;
    if (/warehouse/i.test(name)) return 'PAR';
    if (/channel/i.test(name)) return 'web';
    if (type.name === 'Int' || type.name === 'Float') return 1;
    if (type.name === 'Boolean') return true;
    return null;
  }
  return null;
}

/** Leaf fields of a type, and one level of nested objects, so the example shows something useful. */
function selection(type: GraphQLObjectType, depth: number, indent: string): string {
  const lines: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type))) continue;
    const named = getNamedType(field.type);
    if (isScalarType(named) || isEnumType(named)) lines.push(`${indent}${field.name}`);
    else if (isObjectType(named) && depth > 0) {
      const inner = selection(named, depth - 1, `${indent}  `);
      if (inner) lines.push(`${indent}${field.name} {\n${inner}\n${indent}}`);
    }
  }
  return lines.join('\n');
}

/** An example operation for a subscription field, built from the schema so it follows its changes. */
export function subscriptionExample(schema: GraphQLSchema): SandboxTab | undefined {
  const subscription = schema.getSubscriptionType();
  if (!subscription) return undefined;
  const fields = Object.values(subscription.getFields());
  const field: GraphQLField<unknown, unknown> | undefined =
    // availabilityChanged first: every role may run it, the anonymous storefront of development included.
    fields.find((f) => f.name === 'availabilityChanged') ??
    fields.find((f) => f.name === 'stockLevelChanged') ??
    fields[0];
  if (!field) return undefined;
  const required = field.args.filter((arg) => isNonNullType(arg.type) || /sku/i.test(arg.name));
  const variables: Record<string, unknown> = {};
  for (const arg of required) variables[arg.name] = sampleValue(arg.name, arg.type);
  const params = required.length ? `(${required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ')})` : '';
  const args = required.length ? `(${required.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const named = getNamedType(field.type);
  const body = isObjectType(named) ? ` {\n${selection(named, 1, '    ')}\n  }` : '';
  const opName = field.name.charAt(0).toUpperCase() + field.name.slice(1);
  return {
    query: `# Live updates over graphql-ws on /graphql.\n# Run it, then change stock (reserve in the\n# other tab): events appear on the right.\nsubscription ${opName}${params} {\n  ${field.name}${args}${body}\n}\n`,
    variables: JSON.stringify(variables, null, 2),
  };
}

export function sandboxTabs(schema: GraphQLSchema): SandboxTab[] {
  const tabs: SandboxTab[] = [
    {
      query: AVAILABILITY_EXAMPLE,
      variables: JSON.stringify({ skus: [SAMPLE_SKU, 'HW-SCREW-M4'], channel: 'web' }, null, 2),
    },
    {
      query: RESERVATION_EXAMPLE,
      variables: JSON.stringify(
        {
          input: {
            reference: 'sandbox-cart-1',
            channel: 'web',
            ttlSeconds: 900,
            lines: [{ sku: SAMPLE_SKU, quantity: '2' }],
          },
        },
        null,
        2,
      ),
    },
  ];
  const live = subscriptionExample(schema);
  if (live) tabs.push(live);
  return tabs;
}

/** The browser half: builds the fetcher (HTTP, and graphql-ws for subscriptions) and renders GraphiQL. */
const INIT_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('sandbox-config').textContent);
  var endpoint = new URL(config.endpoint, window.location.href);
  var wsUrl = (endpoint.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + endpoint.host + endpoint.pathname;
  // The headers typed in the Headers tab go with every HTTP request and, as connection
  // parameters, with the WebSocket handshake (a lazy client reconnects with the current ones).
  var currentHeaders = {};
  var wsClient = graphqlWs.createClient({
    url: wsUrl,
    lazy: true,
    connectionParams: function () { return currentHeaders; },
  });
  var fetcher = GraphiQL.createFetcher({ url: endpoint.href, wsClient: wsClient });
  function sandboxFetcher(params, opts) {
    currentHeaders = (opts && opts.headers) || {};
    // Subscriptions go over graphql-ws, decided from the document sent. GraphiQL's own choice
    // reads the editor's last parsed document, which can still be another tab's just after a
    // switch, and it persists one operation name for all tabs (a reloaded page can send a name
    // the document does not define): both would send a subscription over HTTP.
    var pattern = /(?:^|\\n)\\s*(query|mutation|subscription)\\s+([_A-Za-z][_0-9A-Za-z]*)/g;
    var operations = [];
    for (var m = pattern.exec(params.query || ''); m; m = pattern.exec(params.query || '')) {
      operations.push({ kind: m[1], name: m[2] });
    }
    var selected = operations.filter(function (op) { return op.name === params.operationName; })[0] || operations[0];
    if (selected && selected.kind === 'subscription') {
      return wsClient.iterate({ query: params.query, variables: params.variables, operationName: selected.name });
    }
    if (selected && params.operationName !== selected.name) {
      params = Object.assign({}, params, { operationName: selected.name });
    }
    return fetcher(params, opts);
  }
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: sandboxFetcher,
      defaultTabs: config.tabs,
      // GraphiQL 3 fills the first tab's variables editor from this prop only, not from defaultTabs.
      variables: config.tabs[0].variables,
      defaultHeaders: config.defaultHeaders,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: true,
    }),
  );
})();
`;

function escapeJsonForHtml(value: unknown): string {
  // Inside <script type="application/json">, only "</" could end the element early.
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function sandboxHtml(schema: GraphQLSchema, endpoint: string): string {
  const config = { endpoint, tabs: sandboxTabs(schema), defaultHeaders: '{}' };
  const asset = (name: string) => `${SANDBOX_ASSETS_PATH}/${name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stockline GraphQL sandbox</title>
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the Stockline sandbox…</div>
<script type="application/json" id="sandbox-config">${escapeJsonForHtml(config)}</script>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('graphql-ws.min.js')}"></script>
<script src="${asset('sandbox.js')}"></script>
</body>
</html>
`;
}

/** A browser asking for the page (not a client asking for a result). Same rule as Apollo's landing page. */
export function wantsSandbox(req: Request): boolean {
  if (req.method !== 'GET' || req.query.query !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/** Serves the sandbox page on GET /graphql for browsers and its assets under /sandbox/. Mount before /graphql. */
export function mountSandbox(app: Express, schema: GraphQLSchema): void {
  const files = new Map<string, { path: string; type: string }>();
  for (const [name, { pkg, file, type }] of Object.entries(ASSETS)) {
    files.set(name, { path: path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file), type });
  }
  const html = sandboxHtml(schema, '/graphql');
  app.get(`${SANDBOX_ASSETS_PATH}/sandbox.js`, (_req, res) => {
    res.type('text/javascript').set('cache-control', 'no-cache').send(INIT_SCRIPT);
  });
  app.get(`${SANDBOX_ASSETS_PATH}/:file`, (req, res, next) => {
    const file = files.get(String(req.params.file));
    if (!file) return next();
    res.type(file.type).set('cache-control', 'public, max-age=3600');
    fs.createReadStream(file.path).on('error', next).pipe(res);
  });
  app.get('/graphql', (req, res, next) => {
    if (!wantsSandbox(req)) return next();
    res.type('html').set('cache-control', 'no-cache').send(html);
  });
}
