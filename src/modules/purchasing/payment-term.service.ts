import { DomainError, DomainErrors, UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { Decimal } from '../../db/decimal';
import { Company } from '../company/company.entity';
import { PaymentTerm } from './payment-term.entity';
import type { PaymentTermCreateInput } from './payment-term.inputs';
import { termProblems } from './payment-terms';

/** Creates a payment term; every problem of its lines is answered at once. */
export async function createPaymentTerm(sc: ServiceContext, input: PaymentTermCreateInput): Promise<PaymentTerm> {
  const code = input.code.trim().toUpperCase();
  const lines = input.lines.map((l) => ({ percent: new Decimal(l.percent).toFixed(), days: l.days }));
  const rules = { lines, discountPercent: input.discountPercent ?? null, discountDays: input.discountDays ?? null };
  const problems = termProblems(rules);
  if (problems.length) {
    throw new DomainErrors(
      problems.map(
        ([path, message]) =>
          new DomainError(UserErrorCode.INVALID, ['input', ...path], `input.${path.join('.')}: ${message}`),
      ),
    );
  }
  if (await sc.em.count(PaymentTerm, { company: sc.companyId, code })) {
    fail(UserErrorCode.TAKEN, ['input', 'code'], `input.code: "${code}" is already a payment term`);
  }
  const term = sc.em.create(PaymentTerm, {
    company: sc.em.getReference(Company, sc.companyId),
    code,
    name: input.name.trim(),
    lines,
    discountPercent: rules.discountPercent ? new Decimal(rules.discountPercent).toFixed() : null,
    discountDays: rules.discountDays,
  });
  await sc.em.flush();
  return term;
}

/** A payment term the caller named (by id), active unless only kept. */
export async function paymentTermFor(sc: ServiceContext, id: string, field: string[]): Promise<PaymentTerm> {
  const term = isUuid(id) ? await sc.em.findOne(PaymentTerm, { id, company: sc.companyId }) : null;
  if (!term) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no payment term ${id}`);
  if (!term.active) fail(UserErrorCode.INVALID, field, `${field.join('.')}: payment term ${term.code} is inactive`);
  return term;
}

export function listPaymentTerms(sc: ServiceContext): Promise<PaymentTerm[]> {
  return sc.em.find(PaymentTerm, { company: sc.companyId }, { orderBy: { code: 'asc' } });
}
