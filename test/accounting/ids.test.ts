import {
  FiscalPeriodLockDocument,
  JournalEntriesDocument,
  JournalEntryDocument,
  JournalEntryPostDocument,
  JournalEntryReverseDocument,
  JournalEntryUpdateDocument,
  LandedCostCreateDocument,
  LandedCostDocument,
} from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** A malformed id is a not-found (or invalid) answer naming the argument, never an internal error. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: false });
});
afterAll(() => app.close());

const BAD = 'not-a-uuid';

describe('accounting ids', () => {
  it('mutations answer a userError naming the id field', async () => {
    const post = await app.ok(JournalEntryPostDocument, { id: BAD });
    expect(post.journalEntryPost).toMatchObject({
      journalEntry: null,
      userErrors: [{ code: 'INVALID', field: ['input', 'id'] }],
    });
    expect(post.journalEntryPost.userErrors[0].message).toContain('input.id');
    const lock = await app.ok(FiscalPeriodLockDocument, { id: BAD });
    expect(lock.fiscalPeriodLock).toMatchObject({
      fiscalPeriod: null,
      userErrors: [{ code: 'INVALID', field: ['input', 'id'] }],
    });
    const reverse = await app.ok(JournalEntryReverseDocument, { input: { id: BAD } });
    expect(reverse.journalEntryReverse.userErrors).toMatchObject([{ field: ['input', 'id'] }]);
    expect(['NOT_FOUND', 'INVALID']).toContain(reverse.journalEntryReverse.userErrors[0].code);
    const update = await app.ok(JournalEntryUpdateDocument, { input: { id: BAD, memo: 'x' } });
    expect(update.journalEntryUpdate.userErrors).toMatchObject([{ field: ['input', 'id'] }]);
    const landed = await app.ok(LandedCostCreateDocument, {
      input: { transferIds: [BAD], method: 'QUANTITY', lines: [{ kind: 'FREIGHT', amount: '1' }] },
    });
    expect(landed.landedCostCreate.userErrors[0].field?.slice(0, 2)).toEqual(['input', 'transferIds']);
  });

  // Issue 18: a malformed id is malformed input (BAD_USER_INPUT naming it), not a record that does not exist.
  it('queries answer BAD_USER_INPUT naming a malformed id, in arguments and filters', async () => {
    const entry = await app.gql(JournalEntryDocument, { id: BAD });
    expect(entry.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: ['id'] } });
    const lc = await app.gql(LandedCostDocument, { id: BAD });
    expect(lc.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: ['id'] } });
    for (const key of ['stockMoveId', 'billId'] as const) {
      const list = await app.gql(JournalEntriesDocument, { filter: { [key]: BAD } });
      expect(list.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: ['filter', key] } });
      expect(list.errors![0].message).toContain(key);
    }
  });
});
