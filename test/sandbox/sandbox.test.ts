import { buildSchema, parse, validate } from 'graphql';
import fs from 'node:fs';
import path from 'node:path';
import { buildStocklineSchema } from '../../src/graphql/schema';
import { sandboxHtml, sandboxTabs, subscriptionExample } from '../../src/server/sandbox';

describe('sandbox example operations', () => {
  it('are valid against the current schema, one per tab with its variables', async () => {
    const schema = await buildStocklineSchema();
    const tabs = sandboxTabs(schema);
    expect(tabs.length).toBeGreaterThanOrEqual(2);
    for (const tab of tabs) {
      expect(validate(schema, parse(tab.query))).toEqual([]);
      expect(() => JSON.parse(tab.variables ?? '{}')).not.toThrow();
    }
    expect(tabs.map((t) => /(query|mutation|subscription) (\w+)/.exec(t.query)?.[2])).toEqual(
      expect.arrayContaining(['Availability', 'ReservationCreate']),
    );
  });

  it('builds a subscription example from the schema when it has a Subscription type', () => {
    const schema = buildSchema(`
      type Query { ok: Boolean }
      type Level { sku: String! onHand: String! warehouse: Warehouse! }
      type Warehouse { code: String! }
      type Subscription { stockLevelChanged(skus: [String!]!, warehouseCodes: [String!]): Level! }
    `);
    const example = subscriptionExample(schema);
    expect(example).toBeDefined();
    expect(validate(schema, parse(example!.query))).toEqual([]);
    expect(JSON.parse(example!.variables!)).toEqual({ skus: ['BEV-COLA-033'] });
    expect(subscriptionExample(buildSchema('type Query { ok: Boolean }'))).toBeUndefined();
  });

  it('the page loads nothing from another origin and escapes its configuration', async () => {
    const html = sandboxHtml(await buildStocklineSchema(), '/graphql');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const config = /<script type="application\/json" id="sandbox-config">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(config).not.toContain('</');
    expect(fs.existsSync(path.join(__dirname, '..', '..', 'node_modules', 'graphiql', 'graphiql.min.js'))).toBe(true);
  });
});
