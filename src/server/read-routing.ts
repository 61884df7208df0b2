import type { ApolloServerPlugin } from '@apollo/server';
import { LSN_HEADER, parseLsn, READ_FROM_HEADER, type ReadReplicas } from '../db/replicas';
import type { Context } from '../graphql/context';
import { recordDatabaseRead } from '../observability/metrics';

/**
 * Queries over HTTP read from a read replica that has replayed the caller's last write
 * (`x-stockline-lsn`, as the response to that write gave it) and is within the lag bound; every
 * mutation's response carries the primary's WAL position after it, for the caller to send back.
 * Mutations and subscriptions (their replay must be exact, and their hub reads the primary)
 * never touch a replica. A query without the header may read data up to the lag bound old.
 */
export function readRoutingPlugin(replicas: ReadReplicas): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (rc.operation?.operation !== 'query') return;
          const sent = rc.request.http?.headers.get(LSN_HEADER);
          // A header that is not an LSN cannot be honoured on a replica: the primary answers.
          const after = sent ? (parseLsn(sent) ?? -1n) : null;
          const replica = after === -1n ? null : replicas.pick(after);
          if (replica) rc.contextValue.readFrom?.(replica);
          recordDatabaseRead(replica ? 'replica' : 'primary');
          rc.response.http.headers.set(READ_FROM_HEADER, replica ? 'replica' : 'primary');
        },
        async willSendResponse(rc) {
          if (rc.operation?.operation !== 'mutation') return;
          try {
            rc.response.http.headers.set(LSN_HEADER, await replicas.primaryLsn());
          } catch {
            // No position to give: the caller's next read goes where a read without one goes.
          }
        },
      };
    },
  };
}
