import { GraphQLError } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import type { Authenticator } from './authenticate';
import { unauthenticated } from './errors';
import type { Principal } from './principal';

/** What a graphql-ws connection keeps about its caller. */
export type WsAuthExtra = {
  auth?: Principal;
  authorization?: unknown;
};

type Ctx = WsContext<Record<string, unknown>, WsAuthExtra>;

/**
 * graphql-ws hooks: credentials come in the connection_init payload (`{ "Authorization":
 * "Bearer <key>" }`); a connection without valid ones is closed with 4403. Each new operation on
 * the socket is authenticated again (from the key cache, so no SQL), so a key revoked while the
 * socket is open cannot start anything new, and the rate limit counts operations.
 */
export function wsAuthentication(authenticator: Authenticator) {
  return {
    onConnect: async (ctx: Ctx) => {
      const params = ctx.connectionParams ?? {};
      const authorization = params.Authorization ?? params.authorization;
      try {
        ctx.extra.auth = await authenticator.authenticate(authorization);
        ctx.extra.authorization = authorization;
        return true;
      } catch {
        return false; // closes with 4403 Forbidden
      }
    },
    onSubscribe: async (ctx: Ctx): Promise<readonly GraphQLError[] | void> => {
      try {
        ctx.extra.auth = await authenticator.authenticate(ctx.extra.authorization);
      } catch (error) {
        return [error instanceof GraphQLError ? error : unauthenticated('Invalid credentials')];
      }
    },
  };
}
