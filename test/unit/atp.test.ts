import { Decimal } from '../../src/db/decimal';
import { atpFromDays } from '../../src/modules/reservations/atp';

const TODAY = Date.parse('2026-03-10T12:00:00Z');
const atp = (available: string, days: { day: string; receipts?: string; commitments?: string }[], horizon: number) =>
  atpFromDays(
    new Decimal(available),
    days.map((d) => ({ day: d.day, receipts: d.receipts ?? null, commitments: d.commitments ?? null })),
    TODAY,
    horizon,
  ).map((b) => [b.date, b.receipts, b.commitments, b.atp]);

describe('available to promise buckets', () => {
  it('is what is available now on every day when nothing is expected', () => {
    expect(atp('5', [], 2)).toEqual([
      ['2026-03-10', '0', '0', '5'],
      ['2026-03-11', '0', '0', '5'],
      ['2026-03-12', '0', '0', '5'],
    ]);
  });

  it('promises a receipt from its day on', () => {
    expect(atp('5', [{ day: '2026-03-11', receipts: '10' }], 2).map((b) => b[3])).toEqual(['5', '15', '15']);
  });

  it('lets a later commitment limit the days before it', () => {
    expect(
      atp(
        '10',
        [
          { day: '2026-03-11', receipts: '4' },
          { day: '2026-03-12', commitments: '12' },
        ],
        3,
      ).map((b) => b[3]),
    ).toEqual(['2', '2', '2', '2']);
  });

  it('counts commitments beyond the horizon against the last bucket and never goes below 0', () => {
    expect(atp('3', [{ day: '2026-04-30', commitments: '5' }], 1)).toEqual([
      ['2026-03-10', '0', '0', '0'],
      ['2026-03-11', '0', '0', '0'],
    ]);
  });
});
