import {
  defaultFieldResolver,
  type GraphQLArgument,
  GraphQLError,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { DomainError, UserErrorCode } from './errors';
import { isUuid } from './problems';

/**
 * Digits a Decimal input may carry: the quantity and money columns are numeric(20,6) and
 * numeric(20,2), so 14 digits before the point fit every one of them; 10 after the point is the
 * finest column (unit factors, numeric(24,10)). Each input's own rule narrows the scale
 * (IsDecimalValue: 6 for quantities).
 */
export const DECIMAL_INTEGER_DIGITS = 14;
export const DECIMAL_SCALE = 10;
/**
 * Longest string any argument or input field may carry. Columns are shorter (200, 500, 2000);
 * their own limits are checked by the inputs' validation, this one stops a megabyte of text
 * from reaching a search or the audit log.
 */
export const MAX_STRING_LENGTH = 10_000;

/** Fields with a limit of their own wherever they appear: every idempotency key is stored in a varchar(255). */
const NAMED_LENGTHS: Record<string, number> = { idempotencyKey: 255 };

const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with one scalar value, or null. */
function scalarProblem(scalar: string, value: unknown, name: string): string | null {
  if (typeof value !== 'string') return null;
  // PostgreSQL's text cannot hold NUL, and a lone surrogate is not Unicode: neither can be stored or compared.
  if (value.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (it holds a lone surrogate)';
  const longest = NAMED_LENGTHS[name] ?? MAX_STRING_LENGTH;
  if (value.length > longest) return `must be at most ${longest} characters, got ${value.length}`;
  if (scalar === 'ID' && !isUuid(value)) return `must be an id (a UUID), got ${shown(value)}`;
  if (scalar === 'Decimal') {
    const match = DECIMAL.exec(value);
    const integer = match?.[1].replace(/^0+(?=\d)/, '') ?? '';
    if (!match || integer.length > DECIMAL_INTEGER_DIGITS || (match[2]?.length ?? 0) > DECIMAL_SCALE) {
      return `must be a decimal number as a string such as "12.5", with at most ${DECIMAL_INTEGER_DIGITS} digits before the point and ${DECIMAL_SCALE} after, got ${shown(value)}`;
    }
  }
  return null;
}

function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
}

type Problem = { path: string[]; message: string };

/** Walks one argument value along its GraphQL type, collecting every bad scalar with its path. */
function collect(type: GraphQLInputType, value: unknown, path: string[], found: Problem[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return collect(type.ofType, value, path, found);
  if (isListType(type)) {
    if (Array.isArray(value)) value.forEach((item, i) => collect(type.ofType, item, [...path, String(i)], found));
    return;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
      if (fields[name]) collect(fields[name].type, item, [...path, name], found);
    }
    return;
  }
  if (isScalarType(type)) {
    const message = scalarProblem(type.name, value, path[path.length - 1]);
    if (message) found.push({ path, message: `${path.join('.')}: ${message}` });
  }
}

/** The problems of a field's arguments, as coerced by graphql-js (input objects are plain objects here). */
export function argumentProblems(args: readonly GraphQLArgument[], values: Record<string, unknown>): Problem[] {
  const found: Problem[] = [];
  for (const arg of args) collect(arg.type, values[arg.name], [arg.name], found);
  return found;
}

function hasUserErrors(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNamedType(field.type);
  return isObjectType(type) && 'userErrors' in type.getFields();
}

/**
 * Checks the arguments of every field of the schema before its resolver runs, whatever their
 * path: ids are UUIDs, decimals fit the numeric columns, strings hold no NUL byte or lone
 * surrogate and no more than MAX_STRING_LENGTH characters. A mutation answers its payload with
 * `INVALID` userErrors naming each field (runMutation adds them to the input's own rules and
 * answers before any work); anything else a BAD_USER_INPUT error naming the first one. Nothing reaches a service or the database, so no such input can become an internal error.
 */
export function guardInputs(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const payload = type === mutation && hasUserErrors(field);
      const check = (args: Record<string, unknown>, ctx: { inputProblems?: DomainError[] }) => {
        const problems = argumentProblems(field.args, args);
        if (problems.length === 0) return null;
        const errors = problems.map((p) => new DomainError(UserErrorCode.INVALID, p.path, p.message));
        if (payload) {
          // runMutation answers them together with the input's own rules, every field at once.
          ctx.inputProblems = errors;
          return null;
        }
        throw new GraphQLError(problems[0].message, {
          extensions: { code: 'BAD_USER_INPUT', field: problems[0].path, argumentName: problems[0].path[0] },
        });
      };
      if (type === subscription && field.subscribe) {
        const subscribe = field.subscribe;
        field.subscribe = (source, args, ctx, info) => {
          check(args, ctx as never);
          return subscribe(source, args, ctx, info);
        };
        continue;
      }
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        check(args, ctx as never);
        return resolve(source, args, ctx, info);
      };
    }
  }
  return schema;
}
