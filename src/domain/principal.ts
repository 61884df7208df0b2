import type { Role } from './roles';

/** Who is calling, established once per request (or per WebSocket connection) by authenticate.ts. */
export interface Principal {
  kind: 'API_KEY' | 'USER' | 'ANONYMOUS';
  /** Every read and write of the request is scoped to this company. */
  companyId: string;
  roles: Role[];
  /** Recorded on documents, approvals and the audit log: `key:<prefix>`, `user:<sub>` or `anonymous`. */
  actor: string;
  /** The API key's id, when the caller used one. */
  keyId: string | null;
  /** For a PARTNER key bound to a supplier: that supplier. */
  supplierId: string | null;
}

/** Work done by the server itself (boot, seed, sweeper), never by a request. */
export function systemPrincipal(companyId: string, roles: Role[]): Principal {
  return { kind: 'USER', companyId, roles, actor: 'system', keyId: null, supplierId: null };
}
