import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written (the generator cannot express triggers): every stock event names the record
 * behind it, so `StockEventCause.id` is never null.
 * - A move that receives no purchase line lost its id in stock_event_cause: its `select into`
 *   found no line and so set every target, the id too, to null.
 * - A change of quants that no move, reservation or safety stock of the same transaction
 *   explains was staged without an id; it now carries the quant's id.
 * Events already stored without one get their move (found by reference) or the quant of their
 * pair; the few left (kept 24 hours at most) are dropped.
 */
export class Migration20261206233000QuantCauseId extends Migration {
  override async up(): Promise<void> {
    this.addSql(causeFunction(true));
    for (const op of ['insert', 'update', 'delete'] as const) this.addSql(stageQuant(op, true));
    this.addSql(`update stock_event set cause_id = entity_id
 where cause_id is null and kind = 'STOCK_MOVE' and cause_kind = 'MOVE';`);
    this.addSql(`update stock_event e set cause_id = (
    select m.id from stock_move m
     where m.product_id = e.product_id and m.reference = e.cause_reference
       and e.warehouse_id in (m.source_warehouse_id, m.destination_warehouse_id)
     order by m.updated_at desc limit 1)
 where e.cause_id is null and e.kind = 'STOCK_LEVEL' and e.cause_kind = 'MOVE';`);
    this.addSql(`update stock_event e set cause_kind = 'QUANT', cause_id = q.id
  from (select distinct on (product_id, warehouse_id) id, product_id, warehouse_id
          from quant where warehouse_id is not null order by product_id, warehouse_id, updated_at desc) q
 where e.cause_id is null and e.kind = 'STOCK_LEVEL' and coalesce(e.cause_kind, 'QUANT') = 'QUANT'
   and q.product_id = e.product_id and q.warehouse_id = e.warehouse_id;`);
    // Kept 24 hours at most: one whose pair has no quant left cannot name its cause any more.
    this.addSql(`delete from stock_event where cause_id is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(causeFunction(false));
    for (const op of ['insert', 'update', 'delete'] as const) this.addSql(stageQuant(op, false));
  }
}

/** kit: a kit's definition change (Migration20261207055000PurchasingEvents) names the kit's SKU. */
export function causeFunction(keepId: boolean, options: { kit?: boolean } = {}): string {
  return `create or replace function stock_event_cause(p_kind text, p_id uuid,
  out kind text, out id uuid, out reference text) language plpgsql stable as $$
begin
  kind := p_kind; id := p_id;
  if p_kind = 'MOVE' then
    -- A receipt move of a purchase order line names the line and its order.
    select 'PURCHASE_LINE', pl.id, po.name into kind, id, reference
      from purchase_line_move plm join purchase_order_line pl on pl.id = plm.line_id
      join purchase_order po on po.id = pl.order_id
     where plm.move_id = p_id limit 1;
    if not found then
      kind := 'MOVE';${keepId ? '\n      id := p_id;' : ''}
      select nullif(m.reference, '') into reference from stock_move m where m.id = p_id;
    end if;
  elsif p_kind = 'RESERVATION' then
    select r.reference into reference from reservation r where r.id = p_id;${
      options.kit
        ? `
  elsif p_kind = 'KIT' then
    select p.sku into reference from product p where p.id = p_id;`
        : ''
    }
  end if;
end
$$;`;
}

function stageQuant(op: 'insert' | 'update' | 'delete', withId: boolean): string {
  const tables = op === 'update' ? ['new_rows', 'old_rows'] : [op === 'delete' ? 'old_rows' : 'new_rows'];
  const rows = tables.map((t) => `select id, company_id, product_id, warehouse_id from ${t}`).join(' union all ');
  const insert = withId
    ? `insert into stock_event_pending (company_id, kind, product_id, warehouse_id, cause_kind, cause_id, priority)
  select distinct on (product_id, warehouse_id) company_id, 'PAIR', product_id, warehouse_id, 'QUANT', id, 8
    from (${rows}) x
   where warehouse_id is not null;`
    : `insert into stock_event_pending (company_id, kind, product_id, warehouse_id, cause_kind, priority)
  select distinct company_id, 'PAIR', product_id, warehouse_id, 'QUANT', 8
    from (${rows}) x
   where warehouse_id is not null;`;
  return `create or replace function stock_event_stage_quant_${op}() returns trigger language plpgsql as $$
declare staged bigint;
begin
  ${insert}
  get diagnostics staged = row_count;
  if staged > 0 then perform stock_event_arm(); end if;
  return null;
end
$$;`;
}
