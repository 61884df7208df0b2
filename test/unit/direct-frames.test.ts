import { buildSchema, type ExecutionArgs, type ExecutionResult, execute, GraphQLError, parse } from 'graphql';
import { makeServer } from 'graphql-ws';
import { WebSocket } from 'ws';
import { LiveStream } from '../../src/pubsub/live-stream';
import { markShared, sharedDataReplacer, sharedSubscribe, withSharedData } from '../../src/pubsub/shared-execution';
import { DIRECT_MAX_BUFFERED_BYTES, nextFrameWriter } from '../../src/pubsub/socket-writes';
import type { StockEventHub, StoredEvent } from '../../src/pubsub/stock-event-hub';

/**
 * The direct frame path of subscriptions (issue 21 fan-out): an idle subscription's event is
 * written as its `next` frame by nextFrameWriter, from the fan-out, instead of by graphql-ws. The
 * bytes must be graphql-ws's own, and events must keep their order whichever way each one goes.
 */
const schema = buildSchema(`
  type Query { ok: Boolean }
  type Item { text: String, n: Float, none: String, list: [Item] }
  type Subscription { item: Item }
`);
const DOCUMENT = parse('subscription { item { text n none list { text n } } }');
// Quotes, backslashes, control characters, U+2028 and non-ASCII: everything JSON escapes or not.
const ROOT = {
  item: {
    text: 'a "quoted" \\ back\nslash \u2028 sep \u0001 é 🙂',
    n: 1.5e-7,
    none: null,
    list: [
      { text: '', n: -0 },
      { text: '</script>', n: 1234567890123.5 },
    ],
  },
};
const ID = 'sub "1" \u2028 é';

/** The frame graphql-ws itself sends for `result` as subscription `id` (as the server is set up in app.ts). */
async function graphqlWsFrame(id: string, result: ExecutionResult): Promise<string> {
  const sent: string[] = [];
  let onMessage!: (data: string) => Promise<void>;
  const server = makeServer({
    schema,
    jsonMessageReplacer: sharedDataReplacer,
    // No timer left behind (it only closes a socket that never sends connection_init).
    connectionInitWaitTimeout: 0,
    subscribe: async () =>
      (async function* () {
        yield result;
      })(),
  });
  server.opened(
    {
      protocol: 'graphql-transport-ws',
      // As batchSocketWrites does: the shared data's JSON spliced in place of its mark.
      send: (data) => void sent.push(withSharedData(data)),
      close: () => undefined,
      onMessage: (cb) => (onMessage = cb),
    },
    {},
  );
  await onMessage(JSON.stringify({ type: 'connection_init' }));
  await onMessage(JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { item { text } }' } }));
  const next = sent.filter((frame) => (JSON.parse(frame) as { type: string }).type === 'next');
  expect(next).toHaveLength(1);
  return next[0];
}

function fakeSocket(state: Partial<{ readyState: number; bufferedAmount: number }> = {}) {
  const sent: string[] = [];
  const socket = { readyState: WebSocket.OPEN, bufferedAmount: 0, ...state, send: (data: string) => sent.push(data) };
  return { socket: socket as unknown as WebSocket, sent };
}

/** A result whose data is shared (executed once per selection), as subscribers of one stock event get it. */
async function sharedResult(): Promise<ExecutionResult> {
  const args = {
    schema,
    document: DOCUMENT,
    rootValue: {
      item: {
        subscribe: async function* () {
          yield markShared({ ...ROOT });
        },
      },
    },
    contextValue: {},
  } as unknown as ExecutionArgs;
  // graphql-js takes the subscribe resolver from the field; give it one for this schema.
  schema.getSubscriptionType()!.getFields().item.subscribe = (root: { item: { subscribe(): unknown } }) =>
    root.item.subscribe();
  const stream = (await sharedSubscribe(args)) as AsyncIterableIterator<ExecutionResult>;
  const { value } = await stream.next();
  await stream.return?.();
  return value as ExecutionResult;
}

describe('nextFrameWriter', () => {
  it("writes graphql-ws's next frame byte for byte, for a shared result and a subscriber's own", async () => {
    const shared = await sharedResult();
    const own = execute({ schema, document: DOCUMENT, rootValue: ROOT }) as ExecutionResult;
    expect(shared.data).toEqual(own.data);
    for (const result of [shared, own]) {
      const { socket, sent } = fakeSocket();
      expect(nextFrameWriter(socket, ID)(result)).toBe(true);
      expect(sent).toEqual([await graphqlWsFrame(ID, result)]);
    }
  });

  it('leaves to graphql-ws a result with errors (its onNext hook formats them) or anything but data', async () => {
    const { socket, sent } = fakeSocket();
    const write = nextFrameWriter(socket, '1');
    expect(write({ data: { item: null }, errors: [new GraphQLError('boom')] })).toBe(false);
    expect(write({ data: { item: null }, extensions: { cost: 1 } })).toBe(false);
    expect(write({})).toBe(false);
    expect(sent).toEqual([]);
  });

  it('leaves to graphql-ws the frames of a socket that has too much waiting (its queue then closes it as slow)', () => {
    const { socket, sent } = fakeSocket({ bufferedAmount: DIRECT_MAX_BUFFERED_BYTES + 1 });
    expect(nextFrameWriter(socket, '1')({ data: { item: null } })).toBe(false);
    expect(sent).toEqual([]);
    const ok = fakeSocket({ bufferedAmount: DIRECT_MAX_BUFFERED_BYTES });
    expect(nextFrameWriter(ok.socket, '1')({ data: { item: null } })).toBe(true);
    expect(ok.sent).toEqual(['{"id":"1","type":"next","payload":{"data":{"item":null}}}']);
  });

  it('sends nothing on a socket that is no longer open, as graphql-ws does', () => {
    const { socket, sent } = fakeSocket({ readyState: WebSocket.CLOSING });
    expect(nextFrameWriter(socket, '1')({ data: { item: null } })).toBe(true);
    expect(sent).toEqual([]);
  });
});

/** A hub with one company and no stored events: `publish` hands an event to the stream's listener. */
function fakeHub() {
  let listener: ((event: StoredEvent) => void) | null = null;
  const hub = {
    listen: (_company: string, l: (event: StoredEvent) => void) => {
      listener = l;
      return () => (listener = null);
    },
    lastPublished: () => 0,
  } as unknown as StockEventHub;
  const publish = (sequence: number) =>
    listener?.({
      sequence,
      committedAt: new Date(),
      companyId: 'c',
      kind: 'STOCK_LEVEL',
      productId: 'p',
      warehouseId: 'w',
      entityId: null,
      cause: { kind: null, id: null, reference: null },
      payload: {},
    });
  return { hub, publish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('LiveStream.deliverDirectly', () => {
  it('keeps sequence order across events sent directly and events left to the consumer, with a slow consumer', async () => {
    const { hub, publish } = fakeHub();
    const stream = new LiveStream<number>(
      { hub, queueLimit: 1000, close: () => undefined },
      { companyId: 'c', kinds: ['STOCK_LEVEL'], accept: () => true, map: (e) => e.sequence },
    );
    const wire: number[] = [];
    const direct: number[] = [];
    // Declines every third event (as for a result with errors, or a socket that lags).
    stream.deliverDirectly((value) => {
      if (value % 3 === 0) return false;
      wire.push(value);
      direct.push(value);
      return true;
    });
    // The consumer (graphql-ws): takes a value, then needs a few turns to send it.
    let stop = false;
    const consumer = (async () => {
      while (!stop) {
        const read = await stream.next();
        if (read.done) return;
        for (let i = 0; i < read.value % 4; i++) await tick();
        wire.push(read.value);
      }
    })();
    await tick();
    let sequence = 0;
    // Bursts of 1 to 7 events per turn, 20 turns; after every other one the consumer catches up.
    for (let turn = 0; turn < 20; turn++) {
      for (let i = 0; i < (turn % 7) + 1; i++) publish(++sequence);
      for (let i = 0; i < (turn % 2 ? 1 : 40); i++) await tick();
    }
    // The consumer catches up with what was queued for it (a bounded wait: a stuck stream fails).
    for (let i = 0; i < 10_000 && wire.length < sequence; i++) await tick();
    stop = true;
    await stream.return();
    await consumer;
    expect(wire).toEqual(Array.from({ length: sequence }, (_, i) => i + 1));
    // Both ways were taken.
    expect(direct.length).toBeGreaterThan(5);
    expect(direct.length).toBeLessThan(sequence - 5);
  });

  it('hands a mapping error to the consumer, as if next() had mapped the event', async () => {
    const { hub, publish } = fakeHub();
    const stream = new LiveStream<number>(
      { hub, queueLimit: 1000, close: () => undefined },
      {
        companyId: 'c',
        kinds: ['STOCK_LEVEL'],
        accept: () => true,
        map: (e) => {
          if (e.sequence === 2) throw new Error('cannot map 2');
          return e.sequence;
        },
      },
    );
    const sent: number[] = [];
    stream.deliverDirectly((value) => sent.push(value) > 0);
    const first = stream.next();
    await tick();
    publish(1);
    publish(2);
    await expect(first).rejects.toThrow('cannot map 2');
    expect(sent).toEqual([1]);
  });
});
