import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from './principal';
import { parseRoles } from './roles';

/**
 * API keys as credentials: their format, their hash, and the principal a presented key stands for.
 * Creating, listing and revoking them is the access module's (src/modules/access/api-key.service.ts).
 */
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
