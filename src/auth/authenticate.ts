import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import { type JWTVerifyOptions, jwtVerify } from 'jose';
import type { AuthConfig, LimitsConfig } from '../config/env';
import { looksLikeApiKey, principalOfKey } from './api-keys';
import { rateLimited, unauthenticated } from './errors';
import { keyEvents } from './key-events';
import type { Principal } from './principal';
import { parseRoles } from './roles';
import { RateLimiter } from './rate-limit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CACHE_LIMIT = 10_000;

/**
 * Turns the `Authorization` header (or the graphql-ws `connection_init` payload) into a
 * Principal, or refuses. API keys are cached for `keyCacheTtlMs` (unknown and revoked ones too),
 * so a flood of bad or revoked keys costs no database work; JWTs are checked without the database.
 */
export class Authenticator {
  private readonly keys = new Map<string, { principal: Principal | null; until: number }>();
  private readonly jwtKey?: KeyObject;
  private readonly limiter: RateLimiter;
  private readonly stopListening: () => void;

  constructor(
    private readonly orm: MikroORM,
    private readonly config: AuthConfig,
    limits: LimitsConfig,
    /** Anonymous requests (when allowed) act for this company. */
    private readonly defaultCompanyId: string,
    /** Shared counters across instances (REDIS_URL); without it each instance counts alone. */
    redis: Redis | null = null,
  ) {
    if (config.jwtPublicKey) this.jwtKey = createPublicKey(config.jwtPublicKey.replace(/\\n/g, '\n'));
    else if (config.jwtSecret) this.jwtKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
    this.limiter = new RateLimiter(limits.rateLimitPerSecond, limits.rateLimitBurst, redis);
    const onRevoked = (keyId: string) => {
      for (const [hash, entry] of this.keys) {
        if (entry.principal?.keyId === keyId) this.keys.set(hash, { principal: null, until: entry.until });
      }
    };
    keyEvents.on('revoked', onRevoked);
    this.stopListening = () => keyEvents.off('revoked', onRevoked);
  }

  close(): void {
    this.stopListening();
  }

  /** Authenticates and takes a rate-limit token; throws UNAUTHENTICATED or RATE_LIMITED. */
  async authenticate(authorization: unknown, clientAddress = 'unknown'): Promise<Principal> {
    const principal = await this.identify(authorization);
    const retryAfter = await this.limiter.take(
      principal.kind === 'ANONYMOUS' ? `ip:${clientAddress}` : principal.actor,
    );
    if (retryAfter > 0) throw rateLimited(retryAfter);
    return principal;
  }

  private async identify(authorization: unknown): Promise<Principal> {
    if (authorization === undefined || authorization === null || authorization === '') return this.anonymous();
    const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!match) throw unauthenticated('Authorization must be "Bearer <API key or JWT>"');
    const token = match[1];
    if (looksLikeApiKey(token)) return this.apiKey(token);
    if (token.split('.').length === 3) return this.jwt(token);
    throw unauthenticated('The bearer token is neither an API key nor a JWT');
  }

  private anonymous(): Principal {
    if (this.config.anonymousRoles.length === 0) {
      throw unauthenticated('Credentials required: send "Authorization: Bearer <API key or JWT>"');
    }
    return {
      kind: 'ANONYMOUS',
      companyId: this.defaultCompanyId,
      roles: parseRoles(this.config.anonymousRoles),
      actor: 'anonymous',
      keyId: null,
      supplierId: null,
    };
  }

  private async apiKey(key: string): Promise<Principal> {
    const now = Date.now();
    const cached = this.keys.get(key);
    let principal: Principal | null;
    if (cached && cached.until > now) {
      principal = cached.principal;
    } else {
      principal = await principalOfKey(this.orm.em.fork(), key);
      if (this.keys.size >= CACHE_LIMIT) this.keys.delete(this.keys.keys().next().value as string);
      this.keys.set(key, { principal, until: now + this.config.keyCacheTtlMs });
    }
    if (!principal) throw unauthenticated('Unknown or revoked API key');
    return principal;
  }

  private async jwt(token: string): Promise<Principal> {
    if (!this.jwtKey) throw unauthenticated('JWTs are not accepted by this server (no JWT key configured)');
    const options: JWTVerifyOptions = {
      issuer: this.config.jwtIssuer,
      audience: this.config.jwtAudience,
      algorithms: this.config.jwtPublicKey ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'],
      requiredClaims: ['sub', 'exp'],
    };
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.jwtKey, options));
    } catch {
      throw unauthenticated('Invalid or expired JWT');
    }
    const company = payload.company;
    if (typeof company !== 'string' || !UUID.test(company)) throw unauthenticated('The JWT names no company');
    const roles = parseRoles(payload.roles);
    if (roles.length === 0) throw unauthenticated('The JWT grants no known role');
    return { kind: 'USER', companyId: company, roles, actor: `user:${payload.sub}`, keyId: null, supplierId: null };
  }
}
