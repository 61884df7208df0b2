import { randomUUID } from 'node:crypto';
import { beforeMigration, plainAndTakenCompanies } from '../helpers/migration';

describe('migration Currencies', () => {
  it('gives every existing company exchange gain and loss accounts (4800, 6800 unless the code is taken) and keeps every account role', async () => {
    await beforeMigration('stockline_currencies', 'Migration20261207055000PurchasingEvents', async (conn, up) => {
      const [plain, taken] = await plainAndTakenCompanies(conn);
      await conn.execute(
        `insert into account (id, company_id, code, name, type, role) values
         (?, ?, '3900', 'Opening balance equity', 'EQUITY', 'OPENING_BALANCE'),
         (?, ?, '4800', 'Own use of 4800', 'INCOME', null)`,
        [randomUUID(), plain, randomUUID(), taken],
      );
      // A value another branch's migration added first (payments' bank role, say) must survive.
      await conn.execute(`alter type account_role add value 'OTHER_BRANCH_ROLE'`);
      await up('Migration20261207055100Currencies');
      const rows = await conn.execute<{ company_id: string; code: string; type: string; role: string }[]>(
        `select company_id, code, type, role from account where role in ('EXCHANGE_GAIN', 'EXCHANGE_LOSS')
        order by company_id = ? desc, code`,
        [plain],
      );
      expect(rows).toEqual([
        { company_id: plain, code: '4800', type: 'INCOME', role: 'EXCHANGE_GAIN' },
        { company_id: plain, code: '6800', type: 'EXPENSE', role: 'EXCHANGE_LOSS' },
        { company_id: taken, code: '4800-FX', type: 'INCOME', role: 'EXCHANGE_GAIN' },
        { company_id: taken, code: '6800', type: 'EXPENSE', role: 'EXCHANGE_LOSS' },
      ]);
      // The rebuilt enum keeps the values it had, in their order (another migration's too), and adds the two new ones.
      const [labels] = await conn.execute<{ labels: string[] }[]>(
        `select enum_range(null::account_role)::text[] as labels`,
      );
      expect(labels.labels).toEqual([
        'INVENTORY',
        'GRNI',
        'ACCOUNTS_PAYABLE',
        'COGS',
        'SHRINKAGE',
        'SCRAP',
        'PRICE_VARIANCE',
        'LANDED_COST_CLEARING',
        'OPENING_BALANCE',
        'OTHER_BRANCH_ROLE',
        'EXCHANGE_GAIN',
        'EXCHANGE_LOSS',
      ]);
      const [opening] = await conn.execute<{ role: string }[]>(`select role from account where code = '3900'`);
      expect(opening.role).toBe('OPENING_BALANCE');
    });
  });
});
