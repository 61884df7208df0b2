import { localDay } from '../../src/modules/company/company-day';
import {
  addDays,
  ageBucket,
  openInstallments,
  schedule,
  termProblems,
} from '../../src/modules/purchasing/payment-terms';

describe('payment terms (pure)', () => {
  it('the day of an instant is taken in the company time zone', () => {
    const at = new Date('2026-03-31T23:30:00Z');
    expect(localDay(at, 'UTC')).toBe('2026-03-31');
    expect(localDay(at, 'Pacific/Auckland')).toBe('2026-04-01');
    expect(localDay(new Date('2026-03-01T00:30:00+01:00'), 'Europe/Paris')).toBe('2026-03-01');
    expect(localDay(new Date('2026-03-01T00:30:00+01:00'), 'UTC')).toBe('2026-02-28');
  });

  it('adds calendar days across months, leap days and DST changes', () => {
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 0)).toBe('2026-12-31');
  });

  it('net 30: the whole due in 30 days; 2/10 net 30 adds the discount on the total', () => {
    expect(schedule('1000', '2026-06-01', { lines: [{ percent: '100', days: 30 }] })).toEqual({
      installments: [{ dueDate: '2026-07-01', amount: '1000.00' }],
      dueDate: '2026-07-01',
      discountDate: null,
      discountAmount: null,
    });
    expect(
      schedule('1234.567', '2026-06-01', {
        lines: [{ percent: '100', days: 30 }],
        discountPercent: '2',
        discountDays: 10,
      }),
    ).toMatchObject({ dueDate: '2026-07-01', discountDate: '2026-06-11', discountAmount: '24.69' });
  });

  it('shares are rounded to cents and the last line takes the rest, so the installments add up to the total', () => {
    const plan = schedule('100', '2026-01-01', {
      lines: [
        { percent: '33.3333', days: 0 },
        { percent: '33.3333', days: 30 },
        { percent: '33.3334', days: 60 },
      ],
    });
    expect(plan.installments.map((i) => i.amount)).toEqual(['33.33', '33.33', '33.34']);
    expect(
      schedule('0.01', '2026-01-01', {
        lines: [
          { percent: '50', days: 0 },
          { percent: '50', days: 1 },
        ],
      }).installments.map((i) => i.amount),
    ).toEqual(['0.01', '0.00']);
  });

  it('without a term the bill is due on its day', () => {
    expect(schedule('5', '2026-05-05', null)).toMatchObject({
      dueDate: '2026-05-05',
      installments: [{ dueDate: '2026-05-05', amount: '5.00' }],
    });
  });

  it('refuses terms whose shares do not make 100, lines out of order and half a discount', () => {
    expect(termProblems({ lines: [{ percent: '100', days: 30 }] })).toEqual([]);
    expect(termProblems({ lines: [] }).map(([f]) => f)).toEqual([['lines']]);
    expect(
      termProblems({
        lines: [
          { percent: '60', days: 30 },
          { percent: '30', days: 10 },
        ],
      }).map(([f]) => f),
    ).toEqual([['lines', '1', 'days'], ['lines']]);
    expect(termProblems({ lines: [{ percent: '100', days: 30 }], discountPercent: '2' }).map(([f]) => f)).toEqual([
      ['discountDays'],
    ]);
    expect(
      termProblems({ lines: [{ percent: '100', days: 30 }], discountPercent: '2', discountDays: 31 }).map(([f]) => f),
    ).toEqual([['discountDays']]);
    expect(
      termProblems({ lines: [{ percent: '100', days: 30 }], discountPercent: '100', discountDays: 5 }).map(([f]) => f),
    ).toEqual([['discountPercent']]);
  });

  it('payments settle the earliest installments first; the open amounts add up to the residual', () => {
    const plan = [
      { dueDate: '2026-01-01', amount: '30.00' },
      { dueDate: '2026-02-01', amount: '30.00' },
      { dueDate: '2026-03-01', amount: '40.00' },
    ];
    expect(openInstallments(plan, '100')).toEqual(plan);
    expect(openInstallments(plan, '50')).toEqual([
      { dueDate: '2026-02-01', amount: '10.00' },
      { dueDate: '2026-03-01', amount: '40.00' },
    ]);
    expect(openInstallments(plan, '0')).toEqual([]);
    // A cent more than scheduled (rounding of the posted amount) falls on the earliest installment.
    expect(openInstallments(plan, '100.01')[0]).toEqual({ dueDate: '2026-01-01', amount: '30.01' });
    // An overpayment shows as a negative open amount, so the report still adds up to the ledger.
    expect(openInstallments(plan, '-5')).toEqual([{ dueDate: '2026-01-01', amount: '-5.00' }]);
  });

  it('ages an amount by days past its due date as of a day', () => {
    expect(ageBucket('2026-10-31', '2026-10-31')).toBe('current');
    expect(ageBucket('2026-11-30', '2026-10-31')).toBe('current');
    expect(ageBucket('2026-10-30', '2026-10-31')).toBe('days1to30');
    expect(ageBucket('2026-10-01', '2026-10-31')).toBe('days1to30');
    expect(ageBucket('2026-09-30', '2026-10-31')).toBe('days31to60');
    expect(ageBucket('2026-09-01', '2026-10-31')).toBe('days31to60');
    expect(ageBucket('2026-08-31', '2026-10-31')).toBe('days61to90');
    expect(ageBucket('2026-08-02', '2026-10-31')).toBe('days61to90');
    expect(ageBucket('2026-08-01', '2026-10-31')).toBe('over90');
  });
});
