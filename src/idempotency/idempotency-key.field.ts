import { applyDecorators } from './apply-decorators';
import { IsOptional, Length } from 'class-validator';
import { Field } from 'type-graphql';

/** The `idempotencyKey` of every stock-affecting input: one description, one set of limits. */
export function IdempotencyKeyField(): PropertyDecorator {
  return applyDecorators(
    Field(() => String, {
      nullable: true,
      description:
        'Replaying the same key (at most 255 characters, scoped to the caller, kept 48 hours) with the same input returns the first result without doing it again.',
    }),
    IsOptional(),
    Length(1, 255),
  );
}
