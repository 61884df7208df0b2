import { dec, Decimal, decToString } from '../../src/db/decimal';
import { money } from '../../src/modules/accounting/posting';
import { assertBalanced } from '../../src/modules/accounting/journal-entry.entity';
import { allocate } from '../../src/modules/accounting/landed-cost.service';
import { DomainError } from '../../src/domain/errors';

describe('decimal text form', () => {
  it.each([
    ['1.500000', '1.5'],
    ['100', '100'],
    ['100.000', '100'],
    ['0.000001', '0.000001'],
    ['1e-7', '0.0000001'],
    ['12345678901234567890.123', '12345678901234567890.123'],
    ['-2.50', '-2.5'],
  ])('%s reads as %s (no exponent, no trailing zeros)', (value, text) => {
    expect(decToString(value)).toBe(text);
  });

  it('adds exactly where floats do not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(decToString(dec('0.1').plus('0.2'))).toBe('0.3');
  });
});

describe('money', () => {
  it.each([
    ['0.005', '0.01'],
    ['0.004999', '0'],
    ['-0.005', '-0.01'],
    ['2.675', '2.68'],
    ['10', '10'],
  ])('%s rounds half up to cents: %s', (value, cents) => {
    expect(decToString(money(value))).toBe(cents);
  });
});

describe('a balanced entry', () => {
  it('returns the total of its debits', () => {
    expect(
      decToString(
        assertBalanced(
          [
            { debit: '10.10', credit: '0' },
            { debit: '0', credit: '4.05' },
            { debit: '0', credit: '6.05' },
          ],
          ['input', 'lines'],
        ),
      ),
    ).toBe('10.1');
  });

  it('is refused with UNBALANCED and the difference when it does not balance', () => {
    let error: unknown;
    try {
      assertBalanced(
        [
          { debit: '10', credit: '0' },
          { debit: '0', credit: '9.99' },
        ],
        ['input', 'lines'],
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'UNBALANCED', field: ['input', 'lines'] });
    expect((error as Error).message).toBe('input.lines: debits 10.00 and credits 9.99 differ by 0.01');
  });
});

describe('landed cost allocation (largest remainder)', () => {
  const shares = (amount: string, weights: string[]) =>
    allocate(
      new Decimal(amount),
      weights.map((w) => new Decimal(w)),
    ).map((s) => decToString(s));

  it('splits in proportion to the weights', () => {
    expect(shares('100', ['1', '3'])).toEqual(['25', '75']);
  });

  it('gives the leftover cents to the largest remainders, so the shares sum to the amount', () => {
    expect(shares('100', ['1', '1', '1'])).toEqual(['33.34', '33.33', '33.33']);
    expect(shares('0.05', ['1', '1', '1', '1', '1', '1'])).toEqual(['0.01', '0.01', '0.01', '0.01', '0.01', '0']);
  });

  it('always sums to the amount, whatever the weights', () => {
    for (const [amount, weights] of [
      ['1000.01', ['0.3', '7', '13.333', '2']],
      ['0.01', ['5', '5']],
      ['99.99', ['1', '2', '3', '4', '5', '6', '7']],
    ] as const) {
      const total = allocate(
        new Decimal(amount),
        weights.map((w) => new Decimal(w)),
      ).reduce((s, v) => s.plus(v), new Decimal(0));
      expect(decToString(total)).toBe(decToString(amount));
    }
  });
});
