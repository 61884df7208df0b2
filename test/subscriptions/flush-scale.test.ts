import { Client } from 'pg';
import { FLUSH_CHUNK_PAIRS } from '../../migrations/Migration20261207021500FlushInChunks';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The stock-event flush at commit is linear in the transaction's pairs whatever plan PostgreSQL
 * picks (issue 21). From missing or empty statistics (a fresh database, a queue analyzed while
 * empty) the planner joins the pairs to their figures by nested loops; one statement over all
 * pairs then compared every pair with every other, and a first CSV import of a few thousand rows
 * took minutes to commit on the embedded PostgreSQL 18. The connection here forbids the other
 * joins, which gives that plan on every server and whatever the statistics; before the flush
 * worked in chunks this commit of 5,000 pairs did not end within 5 minutes.
 *
 * Plain SQL on its own connection: the planner settings are per session, and the flush is the
 * database's (it runs whoever writes).
 */
describe('stock-event flush of a large transaction', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: true });
  });
  afterAll(() => app.close());

  it('commits 5,000 pairs under nested-loop plans and writes one event per pair, in pair order', async () => {
    const products = 2500;
    const db = new Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      await db.query('set enable_hashjoin = off');
      await db.query('set enable_mergejoin = off');
      const [{ last }] = (await db.query('select coalesce(max(sequence), 0) as last from stock_event')).rows;
      await db.query('begin');
      await db.query(
        `insert into product (id, company_id, sku, name, uom_id)
         select gen_random_uuid(), $1, 'FLUSH-' || lpad(g::text, 5, '0'), 'Flush item ' || g,
                (select id from uom where company_id = $1 order by name limit 1)
           from generate_series(1, $2::int) g`,
        [app.companyId, products],
      );
      const quants = await db.query(
        `insert into quant (id, company_id, product_id, location_id, warehouse_id, quantity)
         select gen_random_uuid(), $1, p.id, l.id, l.warehouse_id, 5
           from product p
          cross join (select distinct on (warehouse_id) id, warehouse_id from location
                       where company_id = $1 and sellable and warehouse_id is not null
                       order by warehouse_id, full_name) l
          where p.company_id = $1 and p.sku like 'FLUSH-%'`,
        [app.companyId],
      );
      const pairs = quants.rowCount ?? 0;
      expect(pairs).toBeGreaterThanOrEqual(2 * products);
      expect(pairs).toBeGreaterThan(4 * FLUSH_CHUNK_PAIRS);
      await db.query('commit');

      const events = (
        await db.query<{ product_id: string; warehouse_id: string; on_hand: string; cause_kind: string }>(
          `select e.product_id, e.warehouse_id, e.payload->'figures'->>'onHand' as on_hand, e.cause_kind
             from stock_event e join product p on p.id = e.product_id
            where e.sequence > $1 and e.kind = 'STOCK_LEVEL' and p.sku like 'FLUSH-%'
            order by e.sequence`,
          [last],
        )
      ).rows;
      expect(events).toHaveLength(pairs);
      expect(new Set(events.map((e) => `${e.product_id}/${e.warehouse_id}`)).size).toBe(pairs);
      expect(events.every((e) => e.on_hand === '5' && e.cause_kind === 'QUANT')).toBe(true);
      // One commit's events come in (product, warehouse) order, across chunks too.
      const keys = events.map((e) => `${e.product_id}/${e.warehouse_id}`);
      expect(keys).toEqual([...keys].sort());
      const [{ left }] = (await db.query('select count(*)::int as left from stock_event_pending')).rows;
      expect(left).toBe(0);
    } finally {
      await db.end();
    }
  }, 180_000);
});
