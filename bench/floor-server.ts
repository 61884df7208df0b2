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

const HOT = 'update bench_hot set available = available - 1 where id = 1 and available >= 1 returning available';

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
        } else {
          const { rows } = await pool.query(HOT);
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
