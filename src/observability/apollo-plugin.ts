import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger';
import { recordGraphQLError, recordOperation, recordUserError } from './metrics';
import { currentRequestScope } from './request-scope';
import { activeTracing } from './tracing-hooks';

/**
 * The last step of formatError, so it sees every error of a response (context failures too):
 * counts it by code and adds the request id, which a client can quote and an operator grep for.
 */
export function observeError(error: GraphQLFormattedError): GraphQLFormattedError {
  const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  recordGraphQLError(code);
  activeTracing()?.recordErrorCode(code);
  const requestId = currentRequestScope()?.requestId;
  if (!requestId) return error;
  return { ...error, extensions: { ...error.extensions, requestId } };
}

/** The codes of the userErrors in a mutation's payloads. */
export function userErrorCodes(data: Record<string, unknown> | null | undefined): string[] {
  const codes: string[] = [];
  for (const payload of Object.values(data ?? {})) {
    const userErrors = (payload as { userErrors?: unknown } | null)?.userErrors;
    if (!Array.isArray(userErrors)) continue;
    for (const item of userErrors) {
      const code = (item as { code?: unknown } | null)?.code;
      if (typeof code === 'string') codes.push(code);
    }
  }
  return codes;
}

/** One log line and one duration sample per GraphQL operation over HTTP; mutation userErrors counted by code. */
export function observabilityPlugin(logger: Logger): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const type = rc.operation?.operation ?? 'unknown';
          const name = rc.operationName ?? rc.request.operationName ?? null;
          recordOperation(name, type, seconds);
          const body = rc.response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          const errorCodes = (result.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const userErrors = type === 'mutation' ? userErrorCodes(result.data) : [];
          userErrors.forEach(recordUserError);
          const line = {
            operationName: name,
            operationType: type,
            durationMs: Math.round(seconds * 1e4) / 10,
            ...(errorCodes.length ? { errors: errorCodes } : {}),
            ...(userErrors.length ? { userErrors } : {}),
          };
          if (errorCodes.includes('INTERNAL_SERVER_ERROR')) logger.error(line, 'graphql operation failed');
          else logger.info(line, 'graphql operation');
        },
      };
    },
  };
}
