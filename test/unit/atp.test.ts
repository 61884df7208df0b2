import { Decimal } from '../../src/db/decimal';
import { atpFromDays } from '../../src/modules/reservations/atp';

const TODAY = Date.parse('2026-03-10T12:00:00Z');
const atp = (
  balance: string,
  days: { day: string; receipts?: string; commitments?: string }[],
  horizon: number,
  buffer = '0',
) =>
  atpFromDays(
    new Decimal(balance),
    days.map((d) => ({ day: d.day, receipts: d.receipts ?? null, commitments: d.commitments ?? null })),
    TODAY,
    horizon,
    new Decimal(buffer),
  ).map((b) => [b.date, b.receipts, b.commitments, b.atp]);

describe('available to promise buckets', () => {
  it('is the balance on every day when nothing is expected', () => {
    expect(atp('5', [], 2)).toEqual([
      ['2026-03-10', '0', '0', '5'],
      ['2026-03-11', '0', '0', '5'],
      ['2026-03-12', '0', '0', '5'],
    ]);
  });

  it('promises a receipt from its day on', () => {
    expect(atp('5', [{ day: '2026-03-11', receipts: '10' }], 2).map((b) => b[3])).toEqual(['5', '15', '15']);
  });

  it('shows a commitment on its day without subtracting it again (the balance already holds it)', () => {
    expect(atp('4', [{ day: '2026-03-11', commitments: '3' }], 1)).toEqual([
      ['2026-03-10', '0', '0', '4'],
      ['2026-03-11', '0', '3', '4'],
    ]);
  });

  it('serves holds beyond the stock first from what arrives, keeps the buffer back, never goes below 0', () => {
    expect(atp('-6', [{ day: '2026-03-11', receipts: '10' }], 2, '1').map((b) => b[3])).toEqual(['0', '3', '3']);
  });

  it('gives a day the same figure whatever the horizon', () => {
    const days = [
      { day: '2026-03-11', receipts: '2' },
      { day: '2026-03-20', receipts: '7' },
    ];
    expect(atp('1', days, 1)).toEqual(atp('1', days, 30).slice(0, 2));
  });
});
