import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../auth/principal';
import { parseRoles, Role } from '../../auth/roles';
import { fail, UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import { findSupplier } from '../purchasing/supplier.service';
import { ApiKey } from './api-key.entity';

export const KEY_PREFIX = 'sl_';

/** SHA-256 of the whole key, hex: what is stored and looked up. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** `sl_<12 hex>_<43 base64url>`: a public prefix to recognise the key, then 256 random bits. */
export function generateKey(): { key: string; prefix: string } {
  const prefix = `${KEY_PREFIX}${randomBytes(6).toString('hex')}`;
  return { prefix, key: `${prefix}_${randomBytes(32).toString('base64url')}` };
}

export function looksLikeApiKey(token: string): boolean {
  return /^sl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/.test(token);
}

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
  if (!apiKey) fail(UserErrorCode.NOT_FOUND, ['id'], `id: no API key ${id}`);
  if (apiKey.revokedAt) fail(UserErrorCode.INVALID_STATE, ['id'], `key ${apiKey.prefix} is already revoked`);
  apiKey.revokedAt = new Date();
  apiKey.revokedBy = sc.actor;
  await sc.em.flush();
  return apiKey;
}

export function listApiKeys(sc: ServiceContext): Promise<ApiKey[]> {
  return sc.em.find(ApiKey, { company: sc.companyId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/**
 * The principal of a key that exists and is not revoked, or null. One statement, which also
 * records the last use (callers cache the answer, so this runs about once per key and cache period).
 */
export async function principalOfKey(em: EntityManager, key: string): Promise<Principal | null> {
  const rows = await em
    .getConnection()
    .execute<{ id: string; company_id: string; roles: string[]; prefix: string; supplier_id: string | null }[]>(
      `update api_key set last_used_at = now() where secret_hash = ? and revoked_at is null
     returning id, company_id, roles, prefix, supplier_id`,
      [hashKey(key)],
    );
  const row = rows[0];
  if (!row) return null;
  return {
    kind: 'API_KEY',
    companyId: row.company_id,
    roles: parseRoles(row.roles),
    actor: `key:${row.prefix}`,
    keyId: row.id,
    supplierId: row.supplier_id,
  };
}
