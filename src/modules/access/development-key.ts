import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { principalOfKey } from '../../auth/api-keys';
import { Role } from '../../auth/roles';
import { createApiKey } from './api-key.service';

/**
 * Development only: an ADMIN key for the first company, so that `npm start` is usable at once.
 * Only its hash is in the database, so the key itself is kept in a file next to the embedded
 * data (git-ignored) and printed at every start; a missing or revoked one is replaced.
 */
export async function ensureDevelopmentKey(orm: MikroORM, companyId: string, file: string): Promise<string> {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  if (existing) {
    const principal = await principalOfKey(orm.em.fork(), existing);
    if (principal?.companyId === companyId && principal.roles.includes(Role.ADMIN)) return existing;
  }
  const em = orm.em.fork();
  const { key } = await em.transactional((tx) =>
    createApiKey({ em: tx, companyId, actor: 'system' }, { name: 'Development admin', roles: [Role.ADMIN] }),
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
