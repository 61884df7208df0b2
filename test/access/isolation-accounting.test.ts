import { companyFootprint, type Json, rawClient } from '../helpers/isolation';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Accounting across companies. Company A (ALPHA) has stock received at a cost and delivered,
 * a landed cost, a supplier, a locked and an open fiscal period, a draft and a posted manual
 * entry. Company B (the default company, with its own demo books) holds an ADMIN key, the most
 * it can hold: no query of B shows any of A's records, by id, code or in nested fields, and
 * every accounting mutation with A's ids answers NOT_FOUND and leaves A's rows byte for byte
 * the same. A's locked period does not lock B's books.
 */
describe('multi-company isolation: accounting', () => {
  let app: TestApp;
  let a: { companyId: string; adminKey: string };
  const ids: Record<string, string> = {};
  let aIds: string[] = [];

  const { gql, ok } = rawClient(() => app);
  const asA = (query: string, variables: Record<string, unknown> = {}) => ok(a.adminKey, query, variables);
  const asB = (query: string, variables: Record<string, unknown> = {}) => gql(app.adminKey, query, variables);
  const footprintOfA = () => companyFootprint(app, a.companyId);

  /** A's ids in an answer, other than those B itself sent (an error message may quote them). */
  const leaked = (body: unknown, sent: unknown = {}) =>
    aIds.filter((id) => JSON.stringify(body).includes(id) && !JSON.stringify(sent).includes(id));

  const LINES = (extra: object = {}) => [
    { accountCode: '1000', debit: '10', ...extra },
    { accountCode: '3000', credit: '10' },
  ];
  const CREATE =
    'mutation($i: JournalEntryCreateInput!) { journalEntryCreate(input: $i) { journalEntry { id state } userErrors { code field } } }';

  beforeAll(async () => {
    app = await startTestApp({ seed: true });
    a = await app.createCompany('ALPHA');
    const unit = (await asA('{ uoms { id name } }')).uoms.find((u: { name: string }) => u.name === 'Unit').id;
    ids.product = (
      await asA(
        'mutation($i: ProductCreateInput!) { productCreate(input: $i) { product { id } userErrors { code } } }',
        {
          i: { sku: 'ALPHA-SKU', name: 'Alpha', uomId: unit, weight: '1' },
        },
      )
    ).productCreate.product.id;
    await asA('mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { userErrors { code } } }', {
      i: { code: 'AWH', name: 'Alpha warehouse', timeZone: 'UTC' },
    });
    const transfer = (i: object) =>
      asA(
        'mutation($i: TransferCreateInput!) { transferCreate(input: $i) { transfer { id name moves { id } } userErrors { code } } }',
        { i },
      );
    const receipt = (
      await transfer({
        type: 'RECEIPT',
        warehouseCode: 'AWH',
        validate: true,
        lines: [{ sku: 'ALPHA-SKU', quantity: '10', unitCost: '4' }],
      })
    ).transferCreate.transfer;
    ids.receipt = receipt.id;
    ids.receiptName = receipt.name;
    ids.receiptMove = receipt.moves[0].id;
    await transfer({
      type: 'DELIVERY',
      warehouseCode: 'AWH',
      validate: true,
      lines: [{ sku: 'ALPHA-SKU', quantity: '3' }],
    });
    ids.supplier = (
      await asA(
        'mutation($i: SupplierCreateInput!) { supplierCreate(input: $i) { supplier { id } userErrors { code } } }',
        { i: { code: 'ASUP', name: 'Alpha supplier', currency: 'EUR' } },
      )
    ).supplierCreate.supplier.id;
    ids.landedCost = (
      await asA(
        'mutation($i: LandedCostCreateInput!) { landedCostCreate(input: $i) { landedCost { id } userErrors { code } } }',
        { i: { transferIds: [ids.receipt], method: 'QUANTITY', lines: [{ kind: 'FREIGHT', amount: '5' }] } },
      )
    ).landedCostCreate.landedCost.id;
    const period = async (name: string, startDate: string, endDate: string) =>
      (
        await asA(
          'mutation($i: FiscalPeriodCreateInput!) { fiscalPeriodCreate(input: $i) { fiscalPeriod { id } userErrors { code } } }',
          { i: { name, startDate, endDate } },
        )
      ).fiscalPeriodCreate.fiscalPeriod.id;
    ids.account = (
      await asA(
        'mutation($i: AccountCreateInput!) { accountCreate(input: $i) { account { id } userErrors { code } } }',
        {
          i: { code: '1010', name: 'Alpha petty cash', type: 'ASSET' },
        },
      )
    ).accountCreate.account.id;
    ids.lockedPeriod = await period('2025-01', '2025-01-01', '2025-01-31');
    ids.openPeriod = await period('2025-02', '2025-02-01', '2025-02-28');
    const tagged = [
      { accountCode: '1010', debit: '10', productId: ids.product, partnerId: ids.supplier, warehouseCode: 'AWH' },
      { accountCode: '3000', credit: '10' },
    ];
    ids.posted = (
      await asA(CREATE, { i: { lines: tagged, post: true, date: '2025-01-10T12:00:00Z' } })
    ).journalEntryCreate.journalEntry.id;
    ids.draft = (
      await asA(CREATE, { i: { lines: tagged, date: '2025-02-10T12:00:00Z' } })
    ).journalEntryCreate.journalEntry.id;
    await asA('mutation($id: ID!) { fiscalPeriodLock(input: { id: $id }) { userErrors { code } } }', {
      id: ids.lockedPeriod,
    });
    // Every id of A, whatever the table: none may appear in any answer to B.
    const companyTables = await app.sql<{ t: string }>(
      `select c.table_name t from information_schema.columns c
        join information_schema.columns i on i.table_schema = c.table_schema and i.table_name = c.table_name and i.column_name = 'id'
       where c.table_schema = 'public' and c.column_name = 'company_id'`,
    );
    for (const { t } of companyTables) {
      const rows = await app.sql<{ id: string }>(`select id::text from "${t}" where company_id = $1`, [a.companyId]);
      aIds.push(...rows.map((r) => r.id));
    }
    aIds = [...new Set(aIds)];
    const [counts] = await app.sql<{ entries: string; layers: string; lines: string }>(
      `select (select count(*) from journal_entry where company_id = $1) entries,
              (select count(*) from valuation_layer where company_id = $1) layers,
              (select count(*) from landed_cost_allocation where company_id = $1) lines`,
      [a.companyId],
    );
    expect(Number(counts.entries)).toBeGreaterThanOrEqual(5); // receipt, delivery, landed cost, posted, draft
    expect(Number(counts.layers)).toBeGreaterThanOrEqual(3);
    expect(Number(counts.lines)).toBe(1);
  }, 120_000);
  afterAll(() => app.close());

  it("queries show none of A's books, by id, by code or in lists with nested fields", async () => {
    const line =
      'id debit credit account { id code } product { id } warehouse { id } stockMove { id } partner { id } partnerId billId landedCost { id allocations { stockMove { id } product { id } warehouse { id } } entry { id } }';
    const entry = `id name state lines { ${line} } journal { id } reversalOf { id } reversedBy { id }`;
    const queries: [string, Record<string, unknown>][] = [
      ['{ accounts { id code name role } }', {}],
      ['{ journals { id code } }', {}],
      ['{ fiscalPeriods { id name startDate endDate locked } }', {}],
      ['{ trialBalance { totalDebit totalCredit balance lines { account { id code } debit credit balance } } }', {}],
      [
        '{ accountLedger(accountCode: "1300", first: 100) { totalCount edges { node { id entry { id } runningBalance debit credit product { id } warehouse { id } } } } }',
        {},
      ],
      ['{ inventoryValuation { totalValue inventoryAccountBalance lines { product { id sku } quantity value } } }', {}],
      [
        '{ landedCosts(first: 100) { totalCount edges { node { id name amount lines { kind amount } allocations { amount stockMove { id } product { id } warehouse { id } } entry { id } } } } }',
        {},
      ],
    ];
    for (const [query, variables] of queries) {
      const body = await asB(query, variables);
      expect(body.errors).toBeUndefined();
      expect(leaked(body)).toEqual([]);
    }
    // Every page of B's entries, with their lines and what they point to.
    let after: string | null = null;
    let seen = 0;
    do {
      const body = await asB(
        `query($after: String) { journalEntries(first: 10, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${entry} } } } }`,
        { after },
      );
      expect(body.errors).toBeUndefined();
      expect(leaked(body)).toEqual([]);
      const page = body.data!.journalEntries;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      seen += page.edges.length;
    } while (after);
    // B's lists are B's own, not empty for want of data.
    const own = await asB('{ journalEntries(first: 1) { totalCount } }');
    const [bEntries] = await app.sql<{ n: string }>('select count(*) n from journal_entry where company_id = $1', [
      app.companyId,
    ]);
    expect(own.data!.journalEntries.totalCount).toBe(Number(bEntries.n));
    expect(seen).toBe(Number(bEntries.n));
    expect(Number(bEntries.n)).toBeGreaterThan(0);
    // B's trial balance is the sum of B's posted lines only.
    const [bTotals] = await app.sql<{ debit: string }>(
      `select coalesce(sum(l.debit), 0)::text debit from journal_line l join journal_entry e on e.id = l.entry_id
        where e.company_id = $1 and e.state = 'POSTED'`,
      [app.companyId],
    );
    const tb = await asB('{ trialBalance { totalDebit } }');
    expect(Number(tb.data!.trialBalance.totalDebit)).toBeCloseTo(Number(bTotals.debit), 2);

    // By id: nothing found.
    for (const id of [ids.posted, ids.draft]) {
      const body = await asB(`query($id: ID!) { journalEntry(id: $id) { ${entry} } }`, { id });
      expect(body.errors).toBeUndefined();
      expect(body.data!.journalEntry).toBeNull();
    }
    const lc = await asB('query($id: ID!) { landedCost(id: $id) { id amount } }', { id: ids.landedCost });
    expect(lc.errors).toBeUndefined();
    expect(lc.data!.landedCost).toBeNull();
    // By filter on A's documents: nothing.
    for (const filter of [{ stockMoveId: ids.receiptMove }, { reference: ids.receiptName }]) {
      const body = await asB('query($f: JournalEntryFilter) { journalEntries(filter: $f) { totalCount } }', {
        f: filter,
      });
      expect(body.data!.journalEntries.totalCount).toBe(0);
    }
    const lcOfA = await asB('query($f: LandedCostFilter) { landedCosts(filter: $f) { totalCount } }', {
      f: { transferId: ids.receipt },
    });
    expect(lcOfA.data!.landedCosts.totalCount).toBe(0);
    // By code: A's account 1010 does not exist in B; A's warehouse is not B's.
    const ledger = await asB('{ accountLedger(accountCode: "1010") { totalCount } }');
    expect(ledger.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['accountCode'] });
    const [bLandedCosts] = await app.sql<{ n: string }>('select count(*) n from landed_cost where company_id = $1', [
      app.companyId,
    ]);
    const bList = await asB('{ landedCosts { totalCount } }');
    expect(bList.data!.landedCosts.totalCount).toBe(Number(bLandedCosts.n));
    const valuation = await asB('{ inventoryValuation(warehouseCode: "AWH") { totalValue } }');
    expect(valuation.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['warehouseCode'] });
  });

  it("mutations with A's ids answer NOT_FOUND and change nothing of A", async () => {
    const before = await footprintOfA();
    const attempts: [string, Record<string, unknown>, string[]][] = [
      [
        'mutation($i: JournalEntryUpdateInput!) { journalEntryUpdate(input: $i) { journalEntry { id } userErrors { code field } } }',
        { i: { id: ids.draft, memo: 'taken over' } },
        ['input', 'id'],
      ],
      [
        'mutation($id: ID!) { journalEntryPost(input: { id: $id }) { journalEntry { id } userErrors { code field } } }',
        { id: ids.draft },
        ['input', 'id'],
      ],
      [
        'mutation($i: JournalEntryReverseInput!) { journalEntryReverse(input: $i) { reversal { id } userErrors { code field } } }',
        { i: { id: ids.posted } },
        ['input', 'id'],
      ],
      [
        CREATE,
        {
          i: {
            lines: [
              { accountCode: '1010', debit: '10' },
              { accountCode: '3000', credit: '10' },
            ],
            post: true,
          },
        },
        ['input', 'lines', '0', 'accountCode'],
      ],
      [CREATE, { i: { lines: LINES({ productId: ids.product }), post: true } }, ['input', 'lines', '0', 'productId']],
      [CREATE, { i: { lines: LINES({ partnerId: ids.supplier }), post: true } }, ['input', 'lines', '0', 'partnerId']],
      [CREATE, { i: { lines: LINES({ warehouseCode: 'AWH' }), post: true } }, ['input', 'lines', '0', 'warehouseCode']],
      [
        'mutation($id: ID!) { fiscalPeriodLock(input: { id: $id }) { fiscalPeriod { id } userErrors { code field } } }',
        { id: ids.openPeriod },
        ['input', 'id'],
      ],
      [
        'mutation($i: LandedCostCreateInput!) { landedCostCreate(input: $i) { landedCost { id } userErrors { code field } } }',
        { i: { transferIds: [ids.receipt], method: 'QUANTITY', lines: [{ kind: 'FREIGHT', amount: '100' }] } },
        ['input', 'transferIds', '0'],
      ],
    ];
    for (const [query, variables, field] of attempts) {
      const body = await asB(query, variables);
      expect(body.errors).toBeUndefined();
      const payload = Object.values(body.data!)[0] as Json;
      expect(payload.userErrors).toEqual([{ code: 'NOT_FOUND', field }]);
      expect(leaked(body, variables)).toEqual([]);
    }
    // B's own receipt next to A's: refused as a whole.
    const [bReceipt] = await app.sql<{ id: string }>(
      "select id from transfer where company_id = $1 and type = 'RECEIPT' and state = 'DONE' limit 1",
      [app.companyId],
    );
    const mixed = await asB(
      'mutation($i: LandedCostCreateInput!) { landedCostCreate(input: $i) { landedCost { id } userErrors { code field } } }',
      { i: { transferIds: [bReceipt.id, ids.receipt], method: 'QUANTITY', lines: [{ kind: 'FREIGHT', amount: '1' }] } },
    );
    expect(mixed.data!.landedCostCreate.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'transferIds', '1'] },
    ]);
    expect(await footprintOfA()).toEqual(before);
  });

  it("A's fiscal periods and accounts neither block nor clash with B's", async () => {
    const before = await footprintOfA();
    // A's January is locked; B's is not.
    const posted = await asB(CREATE, { i: { lines: LINES(), post: true, date: '2025-01-15T12:00:00Z' } });
    expect(posted.data!.journalEntryCreate).toMatchObject({ userErrors: [], journalEntry: { state: 'POSTED' } });
    // The same name and dates as A's period are free in B.
    const period = await asB(
      'mutation($i: FiscalPeriodCreateInput!) { fiscalPeriodCreate(input: $i) { fiscalPeriod { id locked } userErrors { code } } }',
      { i: { name: '2025-02', startDate: '2025-02-01', endDate: '2025-02-28' } },
    );
    expect(period.data!.fiscalPeriodCreate.userErrors).toEqual([]);
    const locked = await asB(
      'mutation($id: ID!) { fiscalPeriodLock(input: { id: $id }) { fiscalPeriod { locked } userErrors { code } } }',
      {
        id: period.data!.fiscalPeriodCreate.fiscalPeriod.id,
      },
    );
    expect(locked.data!.fiscalPeriodLock.fiscalPeriod.locked).toBe(true);
    // A's account code is free in B's chart.
    const account = await asB(
      'mutation($i: AccountCreateInput!) { accountCreate(input: $i) { account { id code } userErrors { code } } }',
      { i: { code: '1010', name: 'Beta petty cash', type: 'ASSET' } },
    );
    expect(account.data!.accountCreate).toMatchObject({ userErrors: [], account: { code: '1010' } });
    expect(await footprintOfA()).toEqual(before);
    // B's lock of its own February does not lock A's.
    const aPost = await asA(
      'mutation($id: ID!) { journalEntryPost(input: { id: $id }) { journalEntry { state } userErrors { code } } }',
      { id: ids.draft },
    );
    expect(aPost.journalEntryPost.journalEntry.state).toBe('POSTED');
  });
});
