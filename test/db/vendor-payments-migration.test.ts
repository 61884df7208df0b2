import { randomUUID } from 'node:crypto';
import { beforeMigration, plainAndTakenCompanies } from '../helpers/migration';

describe('migration VendorPayments', () => {
  it('gives every existing company a bank role, an early payment discount account and the BNK journal, keeping every role', async () => {
    await beforeMigration('stockline_payments', 'Migration20261207060500ChannelBuffers', async (conn, up) => {
      const [plain, taken] = await plainAndTakenCompanies(conn);
      // PLAIN has the default chart's 1000 Bank; TAKEN used 1000 and 4900 for accounts of its own.
      await conn.execute(
        `insert into account (id, company_id, code, name, type, role) values
         (?, ?, '1000', 'Bank', 'ASSET', null), (?, ?, '3900', 'Opening', 'EQUITY', 'OPENING_BALANCE'),
         (?, ?, '1000', 'Loans', 'LIABILITY', null), (?, ?, '4900', 'Other income', 'INCOME', null)`,
        [randomUUID(), plain, randomUUID(), plain, randomUUID(), taken, randomUUID(), taken],
      );
      await up('Migration20261207063000VendorPayments');
      const rows = await conn.execute<{ company_id: string; code: string; role: string }[]>(
        `select company_id, code, role::text from account where role in ('BANK', 'EARLY_PAYMENT_DISCOUNT') order by company_id = ? desc, role, code`,
        [plain],
      );
      expect(rows).toEqual([
        { company_id: plain, code: '1000', role: 'BANK' },
        { company_id: plain, code: '4900', role: 'EARLY_PAYMENT_DISCOUNT' },
        { company_id: taken, code: '1010', role: 'BANK' },
        { company_id: taken, code: '4900-EPD', role: 'EARLY_PAYMENT_DISCOUNT' },
      ]);
      const journals = await conn.execute<{ n: string }[]>(
        `select count(*)::text n from journal where code = 'BNK' and not allow_manual`,
      );
      expect(journals[0].n).toBe('2');
      // The roles earlier migrations added (opening balance, exchange differences) survived the rebuilt enum.
      const [opening] = await conn.execute<{ role: string }[]>(`select role::text from account where code = '3900'`);
      expect(opening.role).toBe('OPENING_BALANCE');
      const [labels] = await conn.execute<{ labels: string }[]>(
        `select enum_range(null::account_role)::text as labels`,
      );
      expect(labels.labels.slice(1, -1).split(',')).toEqual(
        expect.arrayContaining(['OPENING_BALANCE', 'EXCHANGE_GAIN', 'EXCHANGE_LOSS', 'BANK', 'EARLY_PAYMENT_DISCOUNT']),
      );
      // The new source is usable once committed.
      const [source] = await conn.execute<{ ok: boolean }[]>(`select 'PAYMENT'::entry_source is not null as ok`);
      expect(source.ok).toBe(true);
    });
  });
});
