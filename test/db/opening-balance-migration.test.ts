import { randomUUID } from 'node:crypto';
import { beforeMigration, plainAndTakenCompanies } from '../helpers/migration';

describe('migration OpeningBalance', () => {
  it('gives every existing company an opening balance equity account, 3900 unless the code is taken', async () => {
    await beforeMigration('stockline_opening', 'Migration20261207045000KitEventsSequenced', async (conn, up) => {
      const [plain, taken] = await plainAndTakenCompanies(conn);
      await conn.execute(
        `insert into account (id, company_id, code, name, type, role) values
         (?, ?, '1300', 'Inventory', 'ASSET', 'INVENTORY'), (?, ?, '3900', 'Own use of 3900', 'EQUITY', null)`,
        [randomUUID(), plain, randomUUID(), taken],
      );
      await up();
      const rows = await conn.execute<{ company_id: string; code: string; type: string }[]>(
        `select company_id, code, type from account where role = 'OPENING_BALANCE' order by code`,
      );
      expect(rows).toEqual([
        { company_id: plain, code: '3900', type: 'EQUITY' },
        { company_id: taken, code: '3900-OB', type: 'EQUITY' },
      ]);
      // The other roles survived the rebuilt enum.
      const [inventory] = await conn.execute<{ role: string }[]>(`select role from account where code = '1300'`);
      expect(inventory.role).toBe('INVENTORY');
    });
  });
});
