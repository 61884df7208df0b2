import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { Decimal } from '../db/decimal';
import { isDecimal } from './scalars';

/** A decimal string, optionally bounded; the message names the property. */
export function IsDecimalValue(
  bounds: { min?: string; positive?: boolean; scale?: number } = {},
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isDecimalValue',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown) {
          if (!isDecimal(value, bounds.scale ?? 6)) return false;
          const d = new Decimal(value);
          if (bounds.positive && d.lte(0)) return false;
          if (bounds.min !== undefined && d.lt(bounds.min)) return false;
          return true;
        },
        defaultMessage(args?: ValidationArguments) {
          const what = bounds.positive
            ? 'a decimal number greater than 0'
            : bounds.min !== undefined
              ? `a decimal number of at least ${bounds.min}`
              : 'a decimal number';
          return `${args?.property} must be ${what} (a string such as "12.5", at most ${bounds.scale ?? 6} decimals), got ${JSON.stringify(args?.value)}`;
        },
      },
    });
  };
}

/** An IANA time zone such as "Europe/Paris". */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || value.length === 0) return false;
          try {
            new Intl.DateTimeFormat('en-US', { timeZone: value });
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage(args?: ValidationArguments) {
          return `${args?.property} must be an IANA time zone such as "Europe/Paris", got ${JSON.stringify(args?.value)}`;
        },
      },
    });
  };
}
