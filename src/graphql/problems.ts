import { DomainError, DomainErrors, type UserErrorCode } from './errors';

/** Collects every business rule an input breaks, so a client sees them all in one answer. */
export class Problems {
  private readonly list: DomainError[] = [];

  add(code: UserErrorCode, field: string[] | null, message: string): this {
    this.list.push(new DomainError(code, field, message));
    return this;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  throwIfAny(): void {
    if (this.list.length === 1) throw this.list[0];
    if (this.list.length > 1) throw new DomainErrors(this.list);
  }
}

// In src/domain (the database layer uses it too); re-exported for the API layer's callers.
export { isUuid } from '../domain/ids';
