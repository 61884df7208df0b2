import { generateKey, hashKey } from '../../auth/api-keys';
import { Role } from '../../auth/roles';
import { fail, UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import { findSupplier } from '../purchasing/supplier.service';
import { ApiKey } from './api-key.entity';

export async function createApiKey(
  sc: ServiceContext,
  input: { name: string; roles: Role[]; supplierId?: string | null },
): Promise<{ apiKey: ApiKey; key: string }> {
  const roles = [...new Set(input.roles)];
  if (roles.length === 0) fail(UserErrorCode.INVALID, ['input', 'roles'], 'input.roles: give at least one role');
  if (input.supplierId && !roles.includes(Role.PARTNER)) {
    fail(UserErrorCode.INVALID, ['input', 'supplierId'], 'input.supplierId: only a PARTNER key acts for a supplier');
  }
  // The scope of a PARTNER key is only as good as this id: it must be a supplier of the key's company.
  if (input.supplierId && !(await findSupplier(sc, input.supplierId))) {
    fail(UserErrorCode.NOT_FOUND, ['input', 'supplierId'], `input.supplierId: no supplier ${input.supplierId}`);
  }
  const { key, prefix } = generateKey();
  const apiKey = sc.em.create(ApiKey, {
    company: sc.em.getReference(Company, sc.companyId),
    name: input.name,
    prefix,
    secretHash: hashKey(key),
    roles,
    supplierId: input.supplierId ?? null,
    createdBy: sc.actor,
  });
  await sc.em.flush();
  return { apiKey, key };
}

export async function revokeApiKey(sc: ServiceContext, id: string): Promise<ApiKey> {
  const apiKey = await sc.em.findOne(ApiKey, { id, company: sc.companyId });
  if (!apiKey) fail(UserErrorCode.NOT_FOUND, ['input', 'id'], `input.id: no API key ${id}`);
  if (apiKey.revokedAt) fail(UserErrorCode.INVALID_STATE, ['input', 'id'], `key ${apiKey.prefix} is already revoked`);
  apiKey.revokedAt = new Date();
  apiKey.revokedBy = sc.actor;
  await sc.em.flush();
  return apiKey;
}

export function listApiKeys(sc: ServiceContext): Promise<ApiKey[]> {
  return sc.em.find(ApiKey, { company: sc.companyId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}
