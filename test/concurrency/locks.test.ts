import { Client } from 'pg';
import { TransferCreateDocument, TransferValidateDocument } from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true, lockTimeoutMs: 500 });
  h = stockHelpers(app);
});
afterAll(() => app.close());

describe('locks', () => {
  it('ten concurrent validations of one transfer post it once', async () => {
    await h.product('LOCK-1');
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: { type: 'RECEIPT', warehouseCode: 'PAR', lines: [{ sku: 'LOCK-1', quantity: '5' }] },
    });
    const validate = () => app.gql(TransferValidateDocument, { input: { transferId: transferCreate.transfer!.id } });
    // BUSY and TIMEOUT roll back (retryable, nothing committed): the retry runs on what the others did.
    const rolledBack = (r: Awaited<ReturnType<typeof validate>>) =>
      r.errors?.length === 1 &&
      ['BUSY', 'TIMEOUT'].includes(String(r.errors[0].extensions?.code)) &&
      r.errors[0].extensions?.retryable === true;
    const results = await Promise.all(Array.from({ length: 10 }, validate));
    // With a 500 ms lock timeout a loaded server may legally answer BUSY to a request that waited
    // behind the winner: a client retries those, one at a time, and the retry must find it done.
    for (const i of results.keys()) {
      for (let attempt = 0; rolledBack(results[i]) && attempt < 20; attempt++) results[i] = await validate();
      expect(results[i].errors).toBeUndefined();
    }
    const done = results.filter((r) => r.data?.transferValidate.transfer?.state === 'DONE');
    expect(done).toHaveLength(1);
    expect(
      results.filter((r) => r.data?.transferValidate.userErrors.some((e) => e.code === 'INVALID_STATE')),
    ).toHaveLength(9);
    expect(await h.level('LOCK-1', 'PAR')).toMatchObject({ onHand: '5' });
  });

  it('a lock held too long answers BUSY (retryable) and changes nothing', async () => {
    await h.product('LOCK-2');
    await h.receive('PAR', [{ sku: 'LOCK-2', quantity: '3' }]);
    const holder = new Client({ connectionString: app.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(
        "select q.id from quant q join product p on p.id = q.product_id where p.sku = 'LOCK-2' for update",
      );
      const moves = await h.moveCount();
      const res = await app.gql(TransferCreateDocument, {
        input: { type: 'DELIVERY', warehouseCode: 'PAR', validate: true, lines: [{ sku: 'LOCK-2', quantity: '1' }] },
      });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BUSY', retryable: true });
      expect(await h.moveCount()).toBe(moves);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    const retry = await h.deliver('PAR', [{ sku: 'LOCK-2', quantity: '1' }]);
    expect(retry.userErrors).toEqual([]);
    expect(await h.level('LOCK-2', 'PAR')).toMatchObject({ onHand: '2' });
  });
});
