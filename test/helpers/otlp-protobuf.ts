/**
 * Reads OTLP/HTTP protobuf trace exports (opentelemetry-proto's ExportTraceServiceRequest) into the
 * shape of OTLP/JSON: ids as lowercase hex, enums as numbers, attributes as `{ key, value }` with
 * `stringValue`, `boolValue`, `intValue`, `doubleValue` or `arrayValue`. Only what tests read.
 */
type Field = { kind: 'message'; of: Schema } | { kind: 'string' | 'hex' | 'varint' | 'bool' | 'double' | 'skip' };
type Schema = Record<number, [name: string, field: Field, repeated?: true]>;

const str = { kind: 'string' } as const;
const hex = { kind: 'hex' } as const;
const varint = { kind: 'varint' } as const;
const message = (of: Schema) => ({ kind: 'message', of }) as const;

const anyValue: Schema = {};
Object.assign(anyValue, {
  1: ['stringValue', str],
  2: ['boolValue', { kind: 'bool' }],
  3: ['intValue', varint],
  4: ['doubleValue', { kind: 'double' }],
  5: ['arrayValue', message({ 1: ['values', message(anyValue), true] })],
} satisfies Schema);
const keyValue: Schema = { 1: ['key', str], 2: ['value', message(anyValue)] };
const span: Schema = {
  1: ['traceId', hex],
  2: ['spanId', hex],
  4: ['parentSpanId', hex],
  5: ['name', str],
  6: ['kind', varint],
  9: ['attributes', message(keyValue), true],
  15: ['status', message({ 2: ['message', str], 3: ['code', varint] })],
};
const request: Schema = {
  1: [
    'resourceSpans',
    message({
      1: ['resource', message({ 1: ['attributes', message(keyValue), true] })],
      2: [
        'scopeSpans',
        message({
          1: ['scope', message({ 1: ['name', str], 2: ['version', str] })],
          2: ['spans', message(span), true],
        }),
        true,
      ],
    }),
    true,
  ],
};

function decode(buffer: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Repeated fields are present (empty) even when nothing was sent, as in OTLP/JSON from the SDK.
  for (const [name, , repeated] of Object.values(schema)) if (repeated) out[name] = [];
  let at = 0;
  const readVarint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buffer[at++];
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < buffer.length) {
    const tag = Number(readVarint());
    const [number, wire] = [tag >>> 3, tag & 7];
    let raw: bigint | Buffer;
    if (wire === 0) raw = readVarint();
    else if (wire === 1) raw = buffer.subarray(at, (at += 8));
    else if (wire === 5) raw = buffer.subarray(at, (at += 4));
    else if (wire === 2) {
      const length = Number(readVarint());
      raw = buffer.subarray(at, (at += length));
    } else throw new Error(`unexpected protobuf wire type ${wire}`);
    const entry = schema[number];
    if (!entry) continue;
    const [name, field, repeated] = entry;
    let value: unknown;
    if (field.kind === 'message') value = decode(raw as Buffer, field.of);
    else if (field.kind === 'string') value = (raw as Buffer).toString('utf8');
    else if (field.kind === 'hex') value = (raw as Buffer).toString('hex');
    else if (field.kind === 'varint') value = Number(BigInt.asIntN(64, raw as bigint));
    else if (field.kind === 'bool') value = raw !== 0n;
    else if (field.kind === 'double') value = (raw as Buffer).readDoubleLE(0);
    if (repeated) (out[name] as unknown[]).push(value);
    else out[name] = value;
  }
  return out;
}

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number;
  doubleValue?: number;
  arrayValue?: { values: OtlpAnyValue[] };
}
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpKeyValue[];
  status?: { code?: number; message?: string };
}
export interface OtlpTraceExport {
  resourceSpans: {
    resource?: { attributes: OtlpKeyValue[] };
    scopeSpans: { scope?: { name: string; version?: string }; spans: OtlpSpan[] }[];
  }[];
}

/** An ExportTraceServiceRequest body as OTLP/JSON would have carried it. */
export function decodeTraceExport(body: Buffer): OtlpTraceExport {
  return decode(body, request) as unknown as OtlpTraceExport;
}
