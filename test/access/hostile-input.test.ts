import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The cases of issue 18 (items 5 to 7), each of which answered an internal error, a 5xx, every
 * row or a silent success on the main before it: bad input gets a clear error naming the field,
 * and nothing is written.
 */
describe('hostile input answers a clear error naming the field', () => {
  let app: TestApp;
  const post = (query: string, variables: Record<string, unknown> = {}) =>
    request(app.url).post('/graphql').set('authorization', `Bearer ${app.adminKey}`).send({ query, variables });
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await app.sql<T>(sql, params))[0];
  let rows: () => Promise<Record<string, string>>;
  beforeAll(async () => {
    app = await startTestApp({ seed: true });
    rows = async () =>
      one(
        `select (select count(*) from transfer) t, (select count(*) from stock_move) m, (select count(*) from safety_stock) s,
                (select count(*) from product) p, (select count(*) from journal_entry) j, (select count(*) from audit_log) a`,
      );
  });
  afterAll(() => app.close());

  /** A mutation's userErrors, checking that nothing was written. */
  const refused = async (query: string, variables: Record<string, unknown> = {}) => {
    const before = await rows();
    const res = await post(query, variables);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(await rows()).toEqual(before);
    const payload = Object.values(res.body.data as Record<string, { userErrors: unknown[] }>)[0];
    return payload.userErrors as { field: string[] | null; code: string; message: string }[];
  };
  /** A query's error: HTTP status, code and the field it names. */
  const queryError = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await post(query, variables);
    const [error] = res.body.errors ?? [];
    return {
      status: res.status,
      code: error?.extensions?.code,
      field: error?.extensions?.field,
      message: error?.message,
    };
  };

  describe('5. ids, decimals, NUL bytes, lone surrogates, lengths, pages', () => {
    it.each([
      [
        'reservationRelease',
        'mutation($id: ID!) { reservationRelease(input: { reservationId: $id }) { userErrors { field code message } } }',
        'reservationId',
      ],
      [
        'transferCancel',
        'mutation($id: ID!) { transferCancel(input: { transferId: $id }) { userErrors { field code message } } }',
        'transferId',
      ],
      [
        'productArchive',
        'mutation($id: ID!) { productArchive(input: { id: $id }) { userErrors { field code message } } }',
        'id',
      ],
      [
        'apiKeyRevoke',
        'mutation($id: ID!) { apiKeyRevoke(input: { id: $id }) { userErrors { field code message } } }',
        'id',
      ],
      [
        'inventoryCountApprove',
        'mutation($id: ID!) { inventoryCountApprove(input: { countId: $id }) { userErrors { field code message } } }',
        'countId',
      ],
    ])('%s with a non-UUID id answers INVALID naming it', async (_name, query, field) => {
      expect(await refused(query, { id: 'x' })).toEqual([
        { field: ['input', field], code: 'INVALID', message: expect.stringContaining('must be an id (a UUID)') },
      ]);
    });

    it('a quantity beyond numeric(20,6) (safetyStockSet, a receipt, a channel buffer, journal lines) answers INVALID naming it', async () => {
      const [product] = await app.sql<{ sku: string }>(
        "select sku from product where tracking = 'NONE' order by sku limit 1",
      );
      const safety = await refused(
        'mutation($q: Decimal!, $sku: String!) { safetyStockSet(input: { sku: $sku, warehouseCode: "PAR", quantity: $q }) { userErrors { field code message } } }',
        { q: '100000000000000', sku: product.sku },
      );
      expect(safety).toEqual([
        { field: ['input', 'quantity'], code: 'INVALID', message: expect.stringMatching(/at most 14 digits/) },
      ]);
      const receipt = await refused(
        `mutation($q: Decimal!, $sku: String!) { transferCreate(input: { type: RECEIPT, warehouseCode: "PAR", validate: true,
           lines: [{ sku: $sku, quantity: $q }] }) { userErrors { field code } } }`,
        { q: '100000000000000', sku: product.sku },
      );
      expect(receipt).toEqual([{ field: ['input', 'lines', '0', 'quantity'], code: 'INVALID' }]);
      const channel = await refused(
        'mutation { channelCreate(input: { code: "huge", name: "Huge", warehouseCodes: ["PAR"], buffer: "100000000000000" }) { userErrors { field code } } }',
      );
      expect(channel).toEqual([{ field: ['input', 'buffer'], code: 'INVALID' }]);
      const journal = await refused(
        `mutation { journalEntryCreate(input: { journalCode: "MISC", date: "2026-01-15T00:00:00Z", lines: [
           { accountCode: "6000", debit: "99999999999999999999" }, { accountCode: "1000", credit: "99999999999999999999" }] }) { userErrors { field code } } }`,
      );
      expect(journal).toEqual([
        { field: ['input', 'lines', '0', 'debit'], code: 'INVALID' },
        { field: ['input', 'lines', '1', 'credit'], code: 'INVALID' },
      ]);
    });

    it('a NUL byte or a lone surrogate in any string answers INVALID naming it', async () => {
      for (const name of ['a\u0000b', 'lone \ud800 surrogate']) {
        const errors = await refused(
          'mutation($name: String!) { productCategoryCreate(input: { name: $name }) { userErrors { field code message } } }',
          { name },
        );
        expect(errors).toEqual([
          { field: ['input', 'name'], code: 'INVALID', message: expect.stringMatching(/NUL|lone surrogate/) },
        ]);
      }
      const search = await queryError('query($s: String) { products(filter: { search: $s }) { totalCount } }', {
        s: 'a\u0000',
      });
      expect(search).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'search'] });
    });

    it('an idempotency key of 256 characters answers INVALID naming it', async () => {
      const [product] = await app.sql<{ sku: string }>(
        "select sku from product where tracking = 'NONE' order by sku limit 1",
      );
      const errors = await refused(
        `mutation($key: String!, $sku: String!) { transferCreate(input: { type: RECEIPT, warehouseCode: "PAR", idempotencyKey: $key,
           lines: [{ sku: $sku, quantity: "1" }] }) { userErrors { field code } } }`,
        { key: 'k'.repeat(256), sku: product.sku },
      );
      expect(errors).toEqual([{ field: ['input', 'idempotencyKey'], code: 'INVALID' }]);
      const run = await refused(
        'mutation($key: String!) { replenishmentRun(input: { idempotencyKey: $key, warehouseCodes: ["PAR"] }) { userErrors { field code } } }',
        { key: 'k'.repeat(256) },
      );
      expect(run).toEqual([{ field: ['input', 'idempotencyKey'], code: 'INVALID' }]);
    });

    it('promiseDate(quantity: "1,5") answers BAD_USER_INPUT naming quantity', async () => {
      const [product] = await app.sql<{ sku: string }>('select sku from product order by sku limit 1');
      const [channel] = await app.sql<{ code: string }>('select code from channel order by code limit 1');
      expect(
        await queryError(
          'query($sku: String!, $c: String!) { promiseDate(sku: $sku, channel: $c, quantity: "1,5") { __typename } }',
          { sku: product.sku, c: channel.code },
        ),
      ).toMatchObject({ status: 200, code: 'BAD_USER_INPUT', field: ['quantity'] });
    });

    it('products(first: 101) answers HTTP 400 BAD_USER_INPUT, not 500', async () => {
      expect(await queryError('{ products(first: 101) { totalCount } }')).toMatchObject({
        status: 400,
        code: 'BAD_USER_INPUT',
      });
    });
  });

  describe('6. malformed filters never answer every row', () => {
    it('stockMoves(filter: {warehouseId: "x"}) and transfers(filter: {backorderOfId: "x"}) name the field', async () => {
      expect(await queryError('{ stockMoves(filter: { warehouseId: "x" }) { totalCount } }')).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: ['filter', 'warehouseId'],
        message: expect.stringContaining('filter.warehouseId'),
      });
      expect(await queryError('{ transfers(filter: { backorderOfId: "x" }) { totalCount } }')).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: ['filter', 'backorderOfId'],
      });
    });

    it('an unknown warehouse code in availability or stockLevels answers NOT_FOUND', async () => {
      const [product] = await app.sql<{ sku: string }>('select sku from product order by sku limit 1');
      expect(
        await queryError(
          'query($s: [String!]!) { availability(skus: $s, warehouseCodes: ["PAR", "NOPE"]) { available } }',
          {
            s: [product.sku],
          },
        ),
      ).toMatchObject({ code: 'NOT_FOUND', field: ['warehouseCodes', '1'] });
      expect(await queryError('{ stockLevels(warehouseCodes: ["NOPE"]) { onHand } }')).toMatchObject({
        code: 'NOT_FOUND',
        field: ['warehouseCodes', '0'],
      });
      // Known codes still answer as before.
      const known = await post(
        'query($s: [String!]!) { availability(skus: $s, warehouseCodes: ["PAR"]) { available } }',
        {
          s: [product.sku],
        },
      );
      expect(known.body.errors).toBeUndefined();
    });
  });

  describe('7. conflicting identifiers are refused', () => {
    it("warehouseCode with another warehouse's warehouseId, sku with another product's productId: INVALID, nothing written", async () => {
      const [lyo] = await app.sql<{ id: string }>("select id from warehouse where code = 'LYO'");
      const [a, b] = await app.sql<{ id: string; sku: string }>(
        "select id, sku from product where tracking = 'NONE' and active order by sku limit 2",
      );
      const warehouse = await refused(
        `mutation($w: ID!, $sku: String!) { transferCreate(input: { type: RECEIPT, warehouseCode: "PAR", warehouseId: $w,
           lines: [{ sku: $sku, quantity: "1" }] }) { userErrors { field code message } } }`,
        { w: lyo.id, sku: a.sku },
      );
      expect(warehouse).toEqual([
        { field: ['input', 'warehouseCode'], code: 'INVALID', message: expect.stringMatching(/not the code/) },
      ]);
      const product = await refused(
        `mutation($p: ID!, $sku: String!) { transferCreate(input: { type: RECEIPT, warehouseCode: "PAR",
           lines: [{ sku: $sku, productId: $p, quantity: "1" }] }) { userErrors { field code message } } }`,
        { p: b.id, sku: a.sku },
      );
      expect(product).toEqual([
        { field: ['input', 'lines', '0', 'sku'], code: 'INVALID', message: expect.stringMatching(/not the SKU/) },
      ]);
      const reservation = await refused(
        `mutation($w: ID!, $p: ID!, $sku: String!) { reservationCreate(input: { reference: "conflict", lines: [
           { sku: $sku, productId: $p, quantity: "1" }, { sku: $sku, warehouseCode: "PAR", warehouseId: $w, quantity: "1" }] }) {
           userErrors { field code } } }`,
        { w: lyo.id, p: b.id, sku: a.sku },
      );
      expect(reservation).toEqual([
        { field: ['input', 'lines', '0', 'sku'], code: 'INVALID' },
        { field: ['input', 'lines', '1', 'warehouseId'], code: 'INVALID' },
      ]);
      // Agreeing identifiers still work.
      const agreed = await post(
        `mutation($p: ID!, $sku: String!) { transferCreate(input: { type: RECEIPT, warehouseCode: "PAR",
           lines: [{ sku: $sku, productId: $p, quantity: "1" }] }) { userErrors { code } transfer { id } } }`,
        { p: a.id, sku: a.sku },
      );
      expect(agreed.body.data.transferCreate).toMatchObject({ userErrors: [], transfer: { id: expect.any(String) } });
    });
  });
});
