import { Decimal, decToString } from '../../db/decimal';
import { DomainError, DomainErrors, UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { queryRows } from '../../db/sql';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import type { ProductKitSetInput } from './catalog.inputs';
import { KitComponent } from './kit-component.entity';
import { Product } from './product.entity';
import { Uom } from './uom.entity';

/** Takes the stock locks of these products in every warehouse of the company. */
export type ComponentLocker = (sc: ServiceContext, productIds: string[]) => Promise<void>;
let lockComponents: ComponentLocker | null = null;

/** The inventory module lends its stock locks (catalog sits below inventory and cannot import them). */
export function registerKitComponentLocks(locker: ComponentLocker): void {
  lockComponents = locker;
}

/**
 * Refuses a stock setting (safety stock, reorder rule) on a kit: a kit has no stock of its own,
 * so a quantity kept back or replenished belongs to its components. Odoo refuses reordering rules
 * on phantom-BoM kits for the same reason.
 */
export async function refuseKit(sc: ServiceContext, product: Product, field: string[], setting: string): Promise<void> {
  const [row] = await queryRows<{ components: string | null }>(
    sc.em,
    `select string_agg(p.sku, ', ' order by p.sku) as components
       from kit_component k join product p on p.id = k.component_id where k.kit_id = ?`,
    [product.id],
  );
  if (row?.components) {
    fail(
      UserErrorCode.PRODUCT_IS_KIT,
      field,
      `${field.join('.')}: ${product.sku} is a kit and has no stock of its own; set the ${setting} on its components (${row.components})`,
    );
  }
}

/** Most components one kit may have. */
export const MAX_KIT_COMPONENTS = 50;

/**
 * Makes a product a kit, replaces its components, or (no components) makes it an ordinary product
 * again. Rules (Shopify's bundles and Odoo's phantom BoMs agree): a kit has no stock of its own,
 * so a product with stock, open moves or reservations of its own cannot become one; kits do not
 * nest (a component is never a kit, a kit never a component); a component appears once and is not
 * the kit itself; quantities are converted to the component's unit. While reservations hold
 * components for the kit, its components cannot change (IN_USE): fulfilment ships what was held.
 */
export async function setKitComponents(sc: ServiceContext, input: ProductKitSetInput): Promise<Product> {
  if (!input.sku && !input.productId) fail(UserErrorCode.INVALID, ['input'], 'input: give sku or productId');
  const field = ['input', input.productId ? 'productId' : 'sku'];
  const byId = input.productId && isUuid(input.productId);
  // The kit's row first: concurrent changes of one kit take turns.
  const [locked] = await sc.em.execute<{ id: string }[]>(
    // NO KEY UPDATE: reservation lines naming the kit (their foreign key's KEY SHARE) do not wait for it.
    `select id from product where company_id = ? and ${byId ? 'id = ?' : 'sku = ?'} for no key update`,
    [sc.companyId, byId ? input.productId : (input.sku ?? '')],
  );
  const kit = locked ? await sc.em.findOne(Product, { id: locked.id, company: sc.companyId }) : null;
  if (!kit) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no product ${input.productId ?? input.sku}`);
  if (input.productId && input.sku && kit.sku !== input.sku) {
    fail(UserErrorCode.INVALID, ['input', 'sku'], `input.sku: product ${input.productId} has SKU ${kit.sku}`);
  }
  if (!kit.active) fail(UserErrorCode.INVALID, field, `${field.join('.')}: product ${kit.sku} is archived`);

  const problems: DomainError[] = [];
  const refs = input.components.map((c) => (c.productId ? `id:${c.productId}` : `sku:${c.sku ?? ''}`));
  const ids = input.components.filter((c) => c.productId && isUuid(c.productId)).map((c) => c.productId!);
  const skus = input.components.filter((c) => !c.productId && c.sku).map((c) => c.sku!);
  const found = await sc.em.find(
    Product,
    { company: sc.companyId, $or: [{ id: { $in: ids } }, { sku: { $in: skus } }] },
    { populate: ['uom'] },
  );
  const kitsAmongThem = new Set(
    (
      await queryRows<{ kit_id: string }>(
        sc.em,
        'select distinct kit_id from kit_component where kit_id = any(?::uuid[])',
        [found.map((p) => p.id)],
      )
    ).map((r) => r.kit_id),
  );
  const uoms = new Map(
    (await sc.em.find(Uom, { company: sc.companyId, id: { $in: input.components.flatMap((c) => c.uomId ?? []) } })).map(
      (u) => [u.id, u],
    ),
  );
  const rows: { component: Product; quantity: Decimal }[] = [];
  for (const [index, given] of input.components.entries()) {
    const path = ['input', 'components', String(index)];
    if (!given.sku && !given.productId) {
      problems.push(new DomainError(UserErrorCode.INVALID, path, `${path.join('.')}: give sku or productId`));
      continue;
    }
    const at = [...path, given.productId ? 'productId' : 'sku'];
    const component = found.find((p) => (given.productId ? p.id === given.productId : p.sku === given.sku));
    if (!component) {
      problems.push(
        new DomainError(UserErrorCode.NOT_FOUND, at, `${at.join('.')}: no product ${given.productId ?? given.sku}`),
      );
      continue;
    }
    if (given.productId && given.sku && component.sku !== given.sku) {
      problems.push(
        new DomainError(
          UserErrorCode.INVALID,
          [...path, 'sku'],
          `${path.join('.')}.sku: ${given.productId} has SKU ${component.sku}`,
        ),
      );
      continue;
    }
    if (component.id === kit.id) {
      problems.push(new DomainError(UserErrorCode.INVALID, at, `${at.join('.')}: a kit cannot contain itself`));
      continue;
    }
    if (kitsAmongThem.has(component.id)) {
      problems.push(
        new DomainError(
          UserErrorCode.INVALID,
          at,
          `${at.join('.')}: ${component.sku} is a kit; kits do not nest (list its components instead)`,
        ),
      );
      continue;
    }
    if (!component.active) {
      problems.push(
        new DomainError(UserErrorCode.INVALID, at, `${at.join('.')}: product ${component.sku} is archived`),
      );
      continue;
    }
    if (refs.indexOf(refs[index]) !== index || rows.some((r) => r.component.id === component.id)) {
      problems.push(
        new DomainError(
          UserErrorCode.INVALID,
          at,
          `${at.join('.')}: ${component.sku} is listed twice; give its total quantity once`,
        ),
      );
      continue;
    }
    let quantity = new Decimal(given.quantity);
    if (given.uomId && given.uomId !== component.uom.id) {
      const uom = uoms.get(given.uomId);
      const unit = component.uom.getEntity();
      if (!uom) {
        problems.push(
          new DomainError(
            UserErrorCode.NOT_FOUND,
            [...path, 'uomId'],
            `${path.join('.')}.uomId: no unit of measure ${given.uomId}`,
          ),
        );
        continue;
      }
      if (uom.category.id !== unit.category.id) {
        problems.push(
          new DomainError(
            UserErrorCode.UOM_MISMATCH,
            [...path, 'uomId'],
            `${path.join('.')}.uomId: ${uom.name} is not in the category of ${component.sku}'s unit ${unit.name}`,
          ),
        );
        continue;
      }
      quantity = uom.convert(quantity, unit);
      if (quantity.decimalPlaces() > 6 || quantity.lte(0)) {
        problems.push(
          new DomainError(
            UserErrorCode.INVALID,
            [...path, 'quantity'],
            `${path.join('.')}.quantity: ${given.quantity} ${uom.name} is not a whole number of millionths of ${unit.name}`,
          ),
        );
        continue;
      }
    }
    rows.push({ component, quantity });
  }
  if (rows.length > 0) {
    const [usage] = await sc.em.execute<{ component_of: string | null; own: string | null }[]>(
      `select (select string_agg(distinct p.sku, ', ') from kit_component k join product p on p.id = k.kit_id
                where k.component_id = ?) as component_of,
              (select nullif(concat_ws(', ',
                 case when exists (select from quant q join location l on l.id = q.location_id
                                    where q.product_id = ? and q.quantity <> 0
                                      and l.type in ('INTERNAL', 'QUALITY', 'DAMAGED', 'TRANSIT')) then 'stock' end,
                 case when exists (select from stock_move where product_id = ? and state in ('DRAFT', 'CONFIRMED'))
                      then 'open moves' end,
                 case when exists (select from reservation_line where product_id = ? and state in ('ACTIVE', 'SHORT'))
                      then 'active reservations' end), '')) as own`,
      [kit.id, kit.id, kit.id, kit.id],
    );
    if (usage.component_of) {
      problems.push(
        new DomainError(
          UserErrorCode.INVALID,
          field,
          `${field.join('.')}: ${kit.sku} is a component of ${usage.component_of}; kits do not nest`,
        ),
      );
    }
    if (usage.own) {
      problems.push(
        new DomainError(
          UserErrorCode.IN_USE,
          field,
          `${field.join('.')}: ${kit.sku} has ${usage.own} of its own; a kit has no stock of its own (empty it first or create a new product for the kit)`,
        ),
      );
    }
  }
  if (problems.length) throw problems.length === 1 ? problems[0] : new DomainErrors(problems);

  const before = await sc.em.find(KitComponent, { kit: kit.id }, { orderBy: { id: 'asc' } });
  const same =
    before.length === rows.length &&
    rows.every((r) => before.some((b) => b.component.id === r.component.id && new Decimal(b.quantity).eq(r.quantity)));
  if (same) return kit;
  // The stock locks of every component, old and new, in every warehouse (the locks reservations
  // take, in the same global order): a kit reservation in flight commits first and its lines are
  // seen below; one that comes after sees the new components and plans again.
  if (!lockComponents) throw new Error('kit component locks are not registered (inventory module not loaded)');
  await lockComponents(sc, [...new Set([...before.map((b) => b.component.id), ...rows.map((r) => r.component.id)])]);
  await sc.em.execute('delete from kit_component where kit_id = ?', [kit.id]);
  const [held] = await sc.em.execute<{ references: string | null }[]>(
    `select string_agg(distinct r.reference, ', ') as references
       from reservation_line l join reservation r on r.id = l.reservation_id
      where l.kit_id = ? and l.state in ('ACTIVE', 'SHORT') and l.quantity > l.fulfilled_quantity`,
    [kit.id],
  );
  if (held.references) {
    fail(
      UserErrorCode.IN_USE,
      ['input', 'components'],
      `input.components: reservations ${held.references} hold components of ${kit.sku}; release or fulfil them before changing the kit`,
    );
  }
  for (const row of rows) {
    sc.em.create(KitComponent, {
      company: sc.em.getReference(Company, sc.companyId),
      kit,
      component: row.component,
      quantity: decToString(row.quantity),
    });
  }
  // A new version: clients caching the product see the kit changed.
  kit.updatedAt = new Date();
  await sc.em.flush();
  return kit;
}
