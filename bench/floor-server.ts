import http from 'node:http';
import { Pool } from 'pg';

/**
 * The floor: what the same answers cost with no GraphQL, no ORM, no validation, through one
 * hand-written SQL statement on a bare pg pool behind node:http.
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const companyId = process.env.COMPANY_ID!;
const warehouseIds = (process.env.WAREHOUSE_IDS ?? '').split(',');

const AVAILABILITY = `
  select p.sku, q.warehouse_id,
         greatest(0, coalesce(sum(q.quantity) filter (where l.type = 'INTERNAL'), 0)
                   - coalesce((select sum(rl.quantity - rl.fulfilled_quantity) from reservation_line rl
                                where rl.product_id = p.id and rl.warehouse_id = q.warehouse_id and rl.state = 'ACTIVE'
                                  and (rl.expires_at is null or rl.expires_at > now())), 0)) as available
    from product p
    join quant q on q.product_id = p.id and q.warehouse_id = any($3::uuid[])
    join location l on l.id = q.location_id
   where p.company_id = $1 and p.sku = any($2::text[])
   group by p.id, p.sku, q.warehouse_id`;

/**
 * stockLevels' floor: the figures the bench asks (on hand, available, reserved, incoming,
 * outgoing, forecast) of every pair asked, summed from quants, open reservation lines and
 * confirmed moves in one statement, without safety stock, committed or channel rules.
 */
const LEVELS = `
  with p as (select id, sku from product where company_id = $1 and sku = any($2::text[])),
       w as (select id, code from warehouse where id = any($3::uuid[])),
       q as (select q.product_id, q.warehouse_id,
                    sum(q.quantity) filter (where l.type in ('INTERNAL', 'QUALITY', 'DAMAGED')) as on_hand,
                    sum(q.quantity) filter (where l.sellable) as pickable
               from quant q join location l on l.id = q.location_id
              where q.product_id in (select id from p) and q.warehouse_id = any($3::uuid[])
              group by 1, 2),
       r as (select product_id, warehouse_id, sum(quantity - fulfilled_quantity) as reserved
               from reservation_line
              where state = 'ACTIVE' and product_id in (select id from p) and warehouse_id = any($3::uuid[])
                and (expires_at is null or expires_at > now())
              group by 1, 2),
       m as (select m.product_id, w.id as warehouse_id,
                    sum(m.quantity) filter (where m.destination_warehouse_id = w.id) as incoming,
                    sum(m.quantity) filter (where m.source_warehouse_id = w.id) as outgoing
               from stock_move m join w on w.id in (m.source_warehouse_id, m.destination_warehouse_id)
              where m.state = 'CONFIRMED' and m.product_id in (select id from p)
              group by 1, 2)
  select p.sku, w.code, coalesce(q.on_hand, 0) as on_hand,
         greatest(0, coalesce(q.pickable, 0) - coalesce(r.reserved, 0)) as available, coalesce(r.reserved, 0) as reserved,
         coalesce(m.incoming, 0) as incoming, coalesce(m.outgoing, 0) as outgoing,
         coalesce(q.on_hand, 0) + coalesce(m.incoming, 0) - coalesce(m.outgoing, 0) - coalesce(r.reserved, 0) as forecast
    from p cross join w
    left join q on q.product_id = p.id and q.warehouse_id = w.id
    left join r on r.product_id = p.id and r.warehouse_id = w.id
    left join m on m.product_id = p.id and m.warehouse_id = w.id
   order by p.sku, w.code`;

/** Row 1 is the hot SKU; the two-company figure also takes row 2 (`{ "row": 2 }`), another company's hot SKU. */
const HOT = 'update bench_hot set available = available - 1 where id = $1 and available >= 1 returning available';

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        let payload: unknown;
        if (req.url === '/availability') {
          const { rows } = await pool.query(AVAILABILITY, [companyId, body.skus, warehouseIds]);
          payload = { data: rows };
        } else if (req.url === '/levels') {
          const { rows } = await pool.query(LEVELS, [companyId, body.skus, warehouseIds]);
          payload = { data: rows };
        } else {
          const { rows } = await pool.query(HOT, [Number(body.row ?? 1)]);
          payload = { data: { reserved: rows.length === 1 } };
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      } catch (error) {
        res.writeHead(500);
        res.end(JSON.stringify({ error: String(error) }));
      }
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
