import type { Socket } from 'node:net';
import { type ExecutionResult } from 'graphql';
import { WebSocket } from 'ws';
import { nextPayloadJson, withSharedData } from './shared-execution';

/** Sockets corked during this turn of the event loop; uncorked together once it is over. */
const corked = new Set<Socket>();
let uncorkScheduled = false;

function uncorkAll(): void {
  uncorkScheduled = false;
  const sockets = [...corked];
  corked.clear();
  for (const raw of sockets) raw.uncork();
}

/**
 * Makes a graphql-ws socket write its frames in batches: the first frame sent in a turn of the
 * event loop corks the TCP socket and the frames the same fan-out sends after it (synchronously,
 * or as microtasks) join it; every socket corked in the turn is uncorked by one callback once
 * they are all queued, so a batch of events costs one write per socket instead of one per frame.
 * Also splices the shared JSON of a stock event into its frame (shared-execution.ts).
 */
export function batchSocketWrites(socket: WebSocket): void {
  const send = socket.send.bind(socket);
  socket.send = ((data: unknown, ...rest: unknown[]) => {
    const raw = (socket as unknown as { _socket?: Socket })._socket;
    if (raw && !corked.has(raw) && !raw.destroyed && raw.writable) {
      raw.cork();
      corked.add(raw);
      if (!uncorkScheduled) {
        uncorkScheduled = true;
        // After every microtask queued so far (the rest of this fan-out), before any I/O.
        process.nextTick(uncorkAll);
      }
    }
    return (send as (...args: unknown[]) => void)(typeof data === 'string' ? withSharedData(data) : data, ...rest);
  }) as WebSocket['send'];
}

/**
 * Bytes a socket may have waiting (in ws and in Node's stream, not yet taken by the kernel) for
 * an event to still be written straight to it: Node's own high-water mark for a stream. Above,
 * the event takes graphql-ws's way, which waits for each frame to be written, so that a slow
 * reader's events pile up in its subscription queue (shared event objects, closed as a slow
 * consumer at SUBSCRIPTION_QUEUE_LIMIT: live-stream.ts) and not as frames in memory here: at most
 * this much per socket (160 MiB for 10,000 stalled sockets), about 20 frames of one turn.
 */
export const DIRECT_MAX_BUFFERED_BYTES = 16 * 1024;

let directFrames = 0;
/** `next` frames written by nextFrameWriter since the process started (tests check the path is taken). */
export function framesWrittenDirectly(): number {
  return directFrames;
}

/**
 * The writer of one subscription's `next` frames, for LiveStream.deliverDirectly: the frame
 * graphql-ws would send for `result` (`{"id":…,"type":"next","payload":{"data":…}}`, the same
 * bytes: graphql-ws stringifies that object, keys in that order, and its onNext hook leaves a
 * result without errors as it is), with the payload's JSON made once per shared result
 * (shared-execution.ts) and only the id's part per subscription. Returns false (graphql-ws then
 * sends it) for a result with errors (onNext formats them) or anything but `data`, and for a
 * socket with more than DIRECT_MAX_BUFFERED_BYTES waiting.
 */
export function nextFrameWriter(socket: WebSocket, id: string): (result: ExecutionResult) => boolean {
  const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  return (result) => {
    // graphql-ws sends nothing on a socket that is no longer open (its subscriptions are ending).
    if (socket.readyState !== WebSocket.OPEN) return true;
    if (socket.bufferedAmount > DIRECT_MAX_BUFFERED_BYTES) return false;
    const payload = nextPayloadJson(result);
    if (payload === null) return false;
    socket.send(`${head}${payload}}`);
    directFrames++;
    return true;
  };
}
