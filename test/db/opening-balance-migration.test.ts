import { randomUUID } from 'node:crypto';
import { withScratchDatabase } from '../../scripts/scratch-database';
import { initOrm } from '../../src/db/orm';
import { migratorOf } from '../../src/db/migrator';

describe('migration OpeningBalance', () => {
  it('gives every existing company an opening balance equity account, 3900 unless the code is taken', async () => {
    // The run's server (embedded PostgreSQL when DATABASE_URL is unset), not a second embedded one.
    process.env.DATABASE_URL ??= process.env.TEST_DATABASE_ADMIN_URL;
    await withScratchDatabase('stockline_opening', async (url) => {
      const orm = await initOrm(url);
      try {
        const migrator = migratorOf(orm);
        await migrator.up({ to: 'Migration20261207045000KitEventsSequenced' });
        const conn = orm.em.getConnection();
        const [plain, taken] = [randomUUID(), randomUUID()];
        await conn.execute(`insert into company (id, code, name) values (?, 'PLAIN', 'Plain'), (?, 'TAKEN', 'Taken')`, [
          plain,
          taken,
        ]);
        await conn.execute(
          `insert into account (id, company_id, code, name, type, role) values
             (?, ?, '1300', 'Inventory', 'ASSET', 'INVENTORY'), (?, ?, '3900', 'Own use of 3900', 'EQUITY', null)`,
          [randomUUID(), plain, randomUUID(), taken],
        );
        await migrator.up();
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
      } finally {
        await orm.close(true);
      }
    });
  });
});
