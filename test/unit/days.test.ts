import { DomainError } from '../../src/domain/errors';
import { isDay, requireDay } from '../../src/domain/days';

describe('isDay: a calendar day YYYY-MM-DD that exists', () => {
  it.each(['2026-02-28', '2028-02-29', '0001-01-01', '9999-12-31'])('%s is a day', (value) => {
    expect(isDay(value)).toBe(true);
  });
  it.each([
    '2026-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '0000-01-01',
    '2026-1-01',
    '2026-01-01T00:00:00Z',
    ' 2026-01-01',
    '',
  ])('%j is not', (value) => {
    expect(isDay(value)).toBe(false);
  });
  it('requireDay names the field in its user error', () => {
    expect(requireDay('2026-03-01', ['input', 'date'])).toBe('2026-03-01');
    expect(() => requireDay('2026-02-30', ['input', 'date'])).toThrow(DomainError);
    expect(() => requireDay('2026-02-30', ['input', 'date'])).toThrow(
      'input.date: "2026-02-30" is not a day YYYY-MM-DD',
    );
  });
});
