import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type FieldNode,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  print,
  visit,
} from 'graphql';
import { type LiveConnection, LiveStream } from './live-stream';

/**
 * Source events that many subscriptions receive as the very same object (one stock-level event
 * for every subscriber of its pair), and whose subscription field hands them out unchanged
 * whatever its arguments (they only filter). Only these are executed once per selection.
 */
const shared = new WeakSet<object>();

/** Marks a source event as shared (see `shared`); returns it. */
export function markShared<T extends object>(event: T): T {
  shared.add(event);
  return event;
}

/** Per shared event: its execution result per selection key. Freed with the event. */
const results = new WeakMap<object, Map<string, ExecutionResult | Promise<ExecutionResult>>>();

/** Per parsed document: its printed form (each subscription parses its own; printing is per subscription). */
const printed = new WeakMap<DocumentNode, string>();

/** Names of the variables used anywhere but in the arguments of the operation's root fields. */
function variablesBelowRoot(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const used = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) =>
    visit(node, {
      Variable(variable) {
        used.add(variable.name.value);
      },
    });
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) {
      collect(selection);
      continue;
    }
    const field = selection as FieldNode;
    for (const directive of field.directives ?? []) collect(directive);
    if (field.selectionSet) collect(field.selectionSet);
  }
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) collect(definition);
  }
  return used;
}

/**
 * What the execution of a shared event depends on besides the event: the document, the
 * operation, the values of the variables its selection uses (not those of the root field's
 * arguments, which only filter), and who reads (field permissions go by company and roles).
 * Subscribers with the same key get byte-for-byte the same result.
 */
export function selectionKey(args: ExecutionArgs): string | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return null;
  let text = printed.get(args.document);
  if (text === undefined) printed.set(args.document, (text = print(args.document)));
  const variables = args.variableValues ?? {};
  const below = [...variablesBelowRoot(args.document, operation)].sort().map((name) => [name, variables[name]]);
  const auth = (args.contextValue as { auth?: { companyId?: string; roles?: readonly string[] } } | undefined)?.auth;
  return JSON.stringify([
    text,
    args.operationName ?? null,
    below,
    auth?.companyId ?? null,
    [...(auth?.roles ?? [])].sort(),
  ]);
}

/** `data` of shared results without errors: serialized once (sharedDataReplacer), then spliced into each frame. */
const sharedData = new WeakSet<object>();
const dataJson = new WeakMap<object, string>();
const MARK = '\u0000stockline-shared-data';
const TAIL = `"payload":{"data":${JSON.stringify(MARK)}}}`;
/** The JSON of the shared data the last frame stringified stands for; taken by the next withSharedData. */
let pendingJson: string | null = null;

/**
 * graphql-ws's `jsonMessageReplacer`: the `data` of a shared result is written as a mark and its
 * JSON, made once for every subscriber, is spliced in by withSharedData when the frame is sent
 * (graphql-ws stringifies a message and sends it in one synchronous step).
 */
export function sharedDataReplacer(key: string, value: unknown): unknown {
  if (key === 'data' && typeof value === 'object' && value !== null && sharedData.has(value)) {
    let json = dataJson.get(value);
    if (json === undefined) dataJson.set(value, (json = JSON.stringify(value)));
    pendingJson = json;
    return MARK;
  }
  return value;
}

/** A frame as it goes on the wire: with the shared data's JSON in place of its mark. */
export function withSharedData(frame: string): string {
  if (pendingJson === null) return frame;
  const json = pendingJson;
  pendingJson = null;
  // The mark is the frame's last value: `{"id":…,"type":"next","payload":{"data":MARK}}`.
  if (!frame.endsWith(TAIL)) return frame;
  return `${frame.slice(0, frame.length - TAIL.length)}"payload":{"data":${json}}}`;
}

/** Per shared result (one object for every subscriber with its selection key): its `next` payload's JSON. */
const payloadJson = new WeakMap<object, string>();

/**
 * The JSON of the `payload` graphql-ws puts in a `next` frame for `result` (`{"data":…}`), made
 * once per shared result; null when graphql-ws would send something else: a result with errors
 * (its onNext hook formats them) or with any key but `data`.
 */
export function nextPayloadJson(result: ExecutionResult): string | null {
  const data = result.data;
  const isShared = typeof data === 'object' && data !== null && sharedData.has(data);
  if (isShared) {
    const json = payloadJson.get(result);
    if (json !== undefined) return json;
  }
  if (data === undefined) return null;
  for (const key in result) if (key !== 'data') return null;
  let json: string;
  if (isShared) {
    let shared = dataJson.get(data);
    if (shared === undefined) dataJson.set(data, (shared = JSON.stringify(data)));
    json = `{"data":${shared}}`;
    payloadJson.set(result, json);
  } else {
    json = JSON.stringify({ data });
  }
  return json;
}

function remember(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length && result.data && typeof result.data === 'object') sharedData.add(result.data);
  return result;
}

function executeShared(args: ExecutionArgs, key: string | null, payload: unknown) {
  if (key === null || typeof payload !== 'object' || payload === null || !shared.has(payload)) {
    return execute({ ...args, rootValue: payload });
  }
  let byKey = results.get(payload);
  if (!byKey) results.set(payload, (byKey = new Map()));
  let result = byKey.get(key);
  if (!result) {
    const executed = execute({ ...args, rootValue: payload });
    result = executed instanceof Promise ? executed.then(remember) : remember(executed);
    byKey.set(key, result);
  }
  return result;
}

/**
 * graphql-js's `subscribe`, except that a shared source event is executed once per selection
 * key and the result handed to every subscription with that key (graphql-ws then frames it per
 * socket): with 10,000 subscribers, an event is executed as many times as there are distinct
 * selections among its subscribers, not once per subscriber. The source stream's `return`
 * still ends each subscription at once.
 */
export async function sharedSubscribe(
  args: ExecutionArgs,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
  const stream = source as AsyncIterableIterator<unknown>;
  const key = selectionKey(args);
  /** A value the direct path executed but left to graphql-ws: not executed twice. */
  let executed = null as { value: unknown; result: ExecutionResult | Promise<ExecutionResult> } | null;
  const write = (args.contextValue as { live?: LiveConnection } | undefined)?.live?.writeNext;
  if (write && stream instanceof LiveStream) {
    // An idle subscription's event is executed (once per selection when shared) and its frame
    // written at once, from the fan-out; graphql-ws's chain (its async iteration, onNext, a
    // promise per send) is left for what it alone can send: errors, and a socket that lags.
    (stream as LiveStream<unknown>).deliverDirectly((value) => {
      const result = executeShared(args, key, value);
      if (!(result instanceof Promise) && write(result)) return true;
      executed = { value, result };
      return false;
    });
  }
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      const read = await stream.next();
      if (read.done) return { value: undefined, done: true };
      const taken = executed;
      executed = null;
      const result = taken !== null && taken.value === read.value ? taken.result : executeShared(args, key, read.value);
      return { value: await result, done: false };
    },
    async return() {
      await stream.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await stream.return?.();
      throw error;
    },
  };
  return iterator;
}
