import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { decToString } from '../db/decimal';

/** Plain decimal notation with at most `scale` digits after the point (no exponent, no float artefacts). */
export function decimalPattern(scale: number): RegExp {
  return new RegExp(`^-?\\d{1,20}(\\.\\d{1,${scale}})?$`);
}

/** The canonical text form decToString produces: no exponent, no trailing zeros, no "-0". */
const CANONICAL = /^(0|-?[1-9]\d*|-?(0|[1-9]\d*)\.\d*[1-9])$/;

/**
 * Exact decimal carried as a JSON string. Parsing is lenient on purpose: a malformed value
 * reaches input validation, which answers with a `userErrors` entry naming the field
 * instead of rejecting the whole request.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number as a string, e.g. "12.5" (up to 20 digits before the point and 6 after). Never a float.',
  serialize(value) {
    // Services already hand out canonical strings; only other shapes pay for a conversion.
    if (typeof value === 'string' && CANONICAL.test(value)) return value;
    if (typeof value === 'string' || typeof value === 'number') return decToString(value);
    if (value && typeof (value as { toFixed?: unknown }).toFixed === 'function') return decToString(String(value));
    throw new TypeError('Decimal cannot represent a non-numeric value');
  },
  parseValue(value) {
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    return String(value);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value.trim();
    return '';
  },
});

export const DateTimeScalar = DateTimeResolver;

const patterns = new Map<number, RegExp>();

export function isDecimal(value: unknown, scale = 6): value is string {
  let pattern = patterns.get(scale);
  if (!pattern) {
    pattern = decimalPattern(scale);
    patterns.set(scale, pattern);
  }
  return typeof value === 'string' && pattern.test(value);
}
