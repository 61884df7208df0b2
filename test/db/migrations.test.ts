import { migratorOf } from '../../src/db/migrator';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: false });
});
afterAll(() => app.close());

describe('migrations', () => {
  it('match the entities: a fresh database migrated to head needs no new migration (run `npm run db:migration:create` when this fails)', async () => {
    const migrator = migratorOf(app.orm);
    expect(await migrator.getPendingMigrations()).toEqual([]);
    const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });
});
