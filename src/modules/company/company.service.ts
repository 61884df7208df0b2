import type { EntityManager } from '@mikro-orm/postgresql';
import { Company } from './company.entity';

/** The company requests act for until access control picks it from the caller's key. */
export async function findDefaultCompany(em: EntityManager): Promise<Company | null> {
  const [first] = await em.find(Company, {}, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 1 });
  return first ?? null;
}
