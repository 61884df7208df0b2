import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { parseRoles } from '../src/auth/roles';
import { loadConfig } from '../src/config/env';
import { initOrm } from '../src/db/orm';
import { createApiKey } from '../src/modules/access/api-key.service';
import { Company } from '../src/modules/company/company.entity';
import { findDefaultCompany } from '../src/modules/company/company.service';

/**
 * The first key of a deployment (production has no anonymous access and no development key):
 *   DATABASE_URL=... npm run key:create -- --roles ADMIN --name "Ops" [--company CODE]
 * Prints the key once; only its hash is stored.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { roles: { type: 'string' }, name: { type: 'string' }, company: { type: 'string' } },
  });
  const roles = parseRoles((values.roles ?? '').split(',').map((r) => r.trim().toUpperCase()));
  if (!roles.length || !values.name) {
    throw new Error(
      'usage: npm run key:create -- --roles ADMIN[,CONTROLLER...] --name "What it is for" [--company CODE]',
    );
  }
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required');
  const orm = await initOrm(config.databaseUrl, 2);
  try {
    const em = orm.em.fork();
    const company = values.company ? await em.findOne(Company, { code: values.company }) : await findDefaultCompany(em);
    if (!company) throw new Error(`no company ${values.company ?? '(none at all: start the server once)'}`);
    const { key, apiKey } = await em.transactional((tx) =>
      createApiKey({ em: tx, companyId: company.id, actor: 'cli' }, { name: values.name!, roles }),
    );
    console.log(`API key for ${company.code} (${apiKey.roles.join(', ')}), shown once:\n${key}`);
  } finally {
    await orm.close(true);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
