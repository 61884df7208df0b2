import {
  AccountCreateDocument,
  AccountsDocument,
  JournalEntryCreateDocument,
  LandedCostCreateDocument,
  LandedCostsDocument,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let books: ReturnType<typeof accountingHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  books = accountingHelpers(app);
});
afterAll(() => app.close());

const accountCount = async () => Number((await app.sql<{ n: string }>('select count(*) n from account'))[0].n);

describe('accountCreate', () => {
  it('adds an account to the chart that manual entries can use', async () => {
    const { accountCreate } = await app.ok(AccountCreateDocument, {
      input: { code: '1010', name: 'Petty cash', type: 'ASSET' },
    });
    expect(accountCreate.userErrors).toEqual([]);
    expect(accountCreate.account).toMatchObject({
      code: '1010',
      name: 'Petty cash',
      type: 'ASSET',
      role: null,
      allowManual: true,
    });
    const { accounts } = await app.ok(AccountsDocument);
    expect(accounts.map((a) => a.code)).toContain('1010');
    const { journalEntryCreate } = await app.ok(JournalEntryCreateDocument, {
      input: {
        post: true,
        lines: [
          { accountCode: '1010', debit: '50' },
          { accountCode: '1000', credit: '50' },
        ],
      },
    });
    expect(journalEntryCreate.userErrors).toEqual([]);
    await books.assertBooks();
  });

  it('refuses a code in use or malformed, naming the field, and writes nothing', async () => {
    const before = await accountCount();
    const taken = await app.ok(AccountCreateDocument, {
      input: { code: '1300', name: 'Another inventory', type: 'ASSET' },
    });
    expect(taken.accountCreate).toMatchObject({
      account: null,
      userErrors: [{ code: 'TAKEN', field: ['input', 'code'] }],
    });
    const malformed = await app.ok(AccountCreateDocument, { input: { code: '10 10', name: 'Spaces', type: 'ASSET' } });
    expect(malformed.accountCreate.userErrors).toMatchObject([{ code: 'INVALID', field: ['input', 'code'] }]);
    const unnamed = await app.ok(AccountCreateDocument, { input: { code: '1020', name: '', type: 'ASSET' } });
    expect(unnamed.accountCreate.userErrors).toMatchObject([{ code: 'INVALID', field: ['input', 'name'] }]);
    expect(await accountCount()).toBe(before);
  });

  it('of two concurrent creations of one code, exactly one wins', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        app.ok(AccountCreateDocument, { input: { code: '7777', name: 'Race', type: 'EXPENSE' } }),
      ),
    );
    expect(results.filter((r) => r.accountCreate.account).length).toBe(1);
    for (const r of results.filter((x) => !x.accountCreate.account)) {
      expect(r.accountCreate.userErrors).toMatchObject([{ code: 'TAKEN', field: ['input', 'code'] }]);
    }
  });
});

describe('landedCosts', () => {
  it('lists landed costs newest first, by page, by receipt, reference and date', async () => {
    await books.product('LIST-LC', await books.category('List FIFO', 'FIFO'));
    const r1 = await h.receive('PAR', [{ sku: 'LIST-LC', quantity: '2', unitCost: '1' }]);
    const r2 = await h.receive('PAR', [{ sku: 'LIST-LC', quantity: '2', unitCost: '1' }]);
    const base = (await app.ok(LandedCostsDocument, {})).landedCosts.totalCount;
    const created: string[] = [];
    for (const [transferIds, reference] of [
      [[r1.id], 'LIST-1'],
      [[r2.id], 'LIST-2'],
      [[r1.id, r2.id], 'LIST-3'],
    ] as const) {
      const { landedCostCreate } = await app.ok(LandedCostCreateDocument, {
        input: {
          transferIds: [...transferIds],
          method: 'QUANTITY',
          reference,
          lines: [{ kind: 'FREIGHT', amount: '1' }],
        },
      });
      expect(landedCostCreate.userErrors).toEqual([]);
      created.push(landedCostCreate.landedCost!.id);
    }
    const page1 = await app.ok(LandedCostsDocument, { first: 2 });
    expect(page1.landedCosts.totalCount).toBe(base + 3);
    expect(page1.landedCosts.edges.map((e) => e.node.id)).toEqual([created[2], created[1]]);
    const page2 = await app.ok(LandedCostsDocument, { first: 1, after: page1.landedCosts.pageInfo.endCursor });
    expect(page2.landedCosts.edges.map((e) => e.node.id)).toEqual([created[0]]);
    const ofR1 = await app.ok(LandedCostsDocument, { filter: { transferId: r1.id } });
    expect(ofR1.landedCosts.edges.map((e) => e.node.reference).sort()).toEqual(['LIST-1', 'LIST-3']);
    const byRef = await app.ok(LandedCostsDocument, { filter: { reference: 'LIST-2' } });
    expect(byRef.landedCosts.edges.map((e) => e.node.id)).toEqual([created[1]]);
    const future = await app.ok(LandedCostsDocument, { filter: { from: '2999-01-01T00:00:00Z' } });
    expect(future.landedCosts.totalCount).toBe(0);
    const bad = await app.gql(LandedCostsDocument, { filter: { transferId: 'nope' } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'transferId'] });
  });
});
