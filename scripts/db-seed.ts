import { findDefaultCompany } from '../src/modules/company/company.service';
import { migrate } from '../src/db/orm';
import { ensureCompany } from '../src/server/boot';
import { runScript, withDatabase } from './database';

/** Applies pending migrations and loads the demo data set into a database that has no company yet. */
runScript(() =>
  withDatabase(async (orm) => {
    await migrate(orm);
    if (await findDefaultCompany(orm.em.fork())) {
      console.log('The database already has a company: nothing seeded (npm run db:reset -- --yes starts over).');
      return;
    }
    await ensureCompany(orm, true);
    console.log('Demo data loaded.');
  }),
);
