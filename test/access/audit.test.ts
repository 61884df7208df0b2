import {
  AuditLogDocument,
  InventoryCountApplyDocument,
  InventoryCountApproveDocument,
  InventoryCountRecordDocument,
  InventoryCountStartDocument,
  ProductCreateDocument,
  ProductUpdateDocument,
  ReservationCreateDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('the audit log', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: true });
  });
  afterAll(() => app.close());

  it('records who changed what, before and after, with the request id', async () => {
    const h = stockHelpers(app);
    const product = await h.product('AUD-1');
    const updated = await app.gql(
      ProductUpdateDocument,
      { input: { id: product.id, name: 'Audited', version: 1 } },
      { 'x-request-id': 'req-audit-1' },
    );
    expect(updated.data?.productUpdate.userErrors).toEqual([]);
    const controller = app.as(await app.createKey(['CONTROLLER']));
    const { auditLog } = await controller.ok(AuditLogDocument, { filter: { recordId: product.id } });
    expect(auditLog.edges.map((e) => e.node.operation)).toEqual(['productUpdate', 'productCreate']);
    const entry = auditLog.edges[0].node;
    expect(entry).toMatchObject({
      actor: expect.stringMatching(/^key:sl_/),
      actorKind: 'API_KEY',
      requestId: 'req-audit-1',
      input: { input: { id: product.id, name: 'Audited', version: 1 } },
    });
    const change = entry.changes.find((c) => c.id === product.id)!;
    expect(change).toMatchObject({ entity: 'Product', change: 'UPDATE' });
    expect(change.before).toMatchObject({ name: 'AUD-1', version: 1 });
    expect(change.after).toMatchObject({ name: 'Audited', version: 2 });
    expect(auditLog.edges[1].node.changes[0]).toMatchObject({
      change: 'CREATE',
      before: null,
      after: { sku: 'AUD-1' },
    });
  });

  it('writes nothing for a refused mutation', async () => {
    const count = async () => Number((await app.sql<{ n: string }>('select count(*) n from audit_log'))[0].n);
    const before = await count();
    const refused = await app.ok(ProductCreateDocument, {
      input: { sku: 'AUD-1', name: 'dup', uomId: await stockHelpers(app).uomId() },
    });
    expect(refused.productCreate.userErrors.map((e) => e.code)).toEqual(['TAKEN']);
    const storefront = app.as(await app.createKey(['STOREFRONT']));
    const forbidden = await storefront.gql(ProductCreateDocument, {
      input: { sku: 'AUD-2', name: 'x', uomId: await stockHelpers(app).uomId() },
    });
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await count()).toBe(before);
  });

  it('keeps the trail of an approval: the creator is refused, someone else approves, both recorded', async () => {
    const h = stockHelpers(app);
    await h.product('AUD-CNT');
    await h.receive('PAR', [{ sku: 'AUD-CNT', quantity: '500' }]);
    const warehouse = app.as(await app.createKey(['WAREHOUSE'], { name: 'counter' }));
    const start = await warehouse.ok(InventoryCountStartDocument, {
      input: { warehouseCode: 'PAR', skus: ['AUD-CNT'] },
    });
    const count = start.inventoryCountStart.inventoryCount!;
    await warehouse.ok(InventoryCountRecordDocument, {
      input: {
        countId: count.id,
        lines: [{ sku: 'AUD-CNT', locationId: count.lines[0].location.id, countedQuantity: '100' }],
      },
    });
    await warehouse.ok(InventoryCountApplyDocument, { input: { countId: count.id } });
    // An ADMIN who is also the creator? Here: the counter holding a CONTROLLER key too is still the creator.
    const controllerKey = await app.createKey(['CONTROLLER'], { name: 'controller' });
    const approved = await app.as(controllerKey).ok(InventoryCountApproveDocument, { countId: count.id });
    expect(approved.inventoryCountApprove.inventoryCount).toMatchObject({
      state: 'DONE',
      createdBy: count.createdBy,
      approvedBy: `key:${controllerKey.slice(0, 15)}`,
    });
    const { auditLog } = await app.ok(AuditLogDocument, {
      filter: { recordId: count.id, operation: 'inventoryCountApprove' },
    });
    expect(auditLog.edges).toHaveLength(1);
    expect(auditLog.edges[0].node).toMatchObject({ actor: `key:${controllerKey.slice(0, 15)}` });
    const countChange = auditLog.edges[0].node.changes.find((c) => c.id === count.id)!;
    expect(countChange.before).toMatchObject({ state: 'TO_APPROVE', approvedBy: null });
    expect(countChange.after).toMatchObject({ state: 'DONE', approvedBy: `key:${controllerKey.slice(0, 15)}` });
    // The variance moves are in the same entry.
    expect(auditLog.edges[0].node.changes.some((c) => c.entity === 'StockMove' && c.change === 'CREATE')).toBe(true);
  });

  it('records the storefront reservation path too, in the same transaction as the reservation', async () => {
    const created = await app.gql(
      ReservationCreateDocument,
      { input: { reference: 'audit-cart', channel: 'web', lines: [{ sku: 'BEV-COLA-033', quantity: '1' }] } },
      { 'x-request-id': 'req-audit-cart' },
    );
    expect(created.data?.reservationCreate.userErrors).toEqual([]);
    const id = created.data!.reservationCreate.reservation!.id;
    const { auditLog } = await app.ok(AuditLogDocument, { filter: { recordId: id } });
    expect(auditLog.edges.map((e) => e.node.operation)).toEqual(['reservationCreate']);
    expect(auditLog.edges[0].node).toMatchObject({ requestId: 'req-audit-cart', recordIds: [id] });
    expect(auditLog.edges[0].node.input).toMatchObject({ input: { reference: 'audit-cart' } });
    // now() is the transaction's start: the same instant on both rows only if one transaction wrote them.
    const [row] = await app.sql<{ same: boolean }>(
      'select a.at = r.created_at as same from audit_log a join reservation r on r.id::text = any(a.record_ids) where r.id = $1',
      [id],
    );
    expect(row.same).toBe(true);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    for (const sql of ["update audit_log set actor = 'someone else'", 'delete from audit_log', 'truncate audit_log']) {
      await expect(app.sql(sql)).rejects.toThrow(/append-only/);
    }
    expect(Number((await app.sql<{ n: string }>('select count(*) n from audit_log'))[0].n)).toBeGreaterThan(0);
  });

  it('filters by actor, operation and time, newest first, in pages', async () => {
    const all = await app.ok(AuditLogDocument, { first: 2 });
    expect(all.auditLog.edges).toHaveLength(2);
    expect(all.auditLog.totalCount).toBeGreaterThan(2);
    const [a, b] = all.auditLog.edges.map((e) => new Date(e.node.at).getTime());
    expect(a).toBeGreaterThanOrEqual(b);
    const byOperation = await app.ok(AuditLogDocument, { filter: { operation: 'productCreate' }, first: 100 });
    expect(byOperation.auditLog.edges.every((e) => e.node.operation === 'productCreate')).toBe(true);
    const future = await app.ok(AuditLogDocument, { filter: { from: new Date(Date.now() + 60_000).toISOString() } });
    expect(future.auditLog.totalCount).toBe(0);
  });
});
