import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { withSharedData } from './shared-execution';

/**
 * Makes a graphql-ws socket write its frames in batches: the first frame sent in a turn of the
 * event loop corks the TCP socket and the frames the same fan-out sends after it (they follow as
 * microtasks) join it; it is uncorked once they are all queued, so a batch of events costs one
 * write per socket instead of one per frame. Also splices the shared JSON of a stock event into
 * its frame (shared-execution.ts).
 */
export function batchSocketWrites(socket: WebSocket): void {
  const send = socket.send.bind(socket);
  let corked: Socket | null = null;
  const uncork = () => {
    const raw = corked;
    corked = null;
    raw?.uncork();
  };
  socket.send = ((data: unknown, ...rest: unknown[]) => {
    const raw = (socket as unknown as { _socket?: Socket })._socket;
    if (!corked && raw && !raw.destroyed && raw.writable) {
      raw.cork();
      corked = raw;
      // After every microtask queued so far (the rest of this fan-out), before any I/O.
      process.nextTick(uncork);
    }
    return (send as (...args: unknown[]) => void)(typeof data === 'string' ? withSharedData(data) : data, ...rest);
  }) as WebSocket['send'];
}
