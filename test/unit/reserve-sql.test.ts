import { Decimal } from '../../src/db/decimal';
import { stockPairKey } from '../../src/modules/inventory/stock-locks';
import { ReservationPolicy } from '../../src/modules/reservations/reservation.enums';
import { RESERVE, type ReserveMember, reserveSql } from '../../src/modules/reservations/sql/reserve';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const [COMPANY, P1, W1, W2] = [uuid(1), uuid(2), uuid(3), uuid(4)];

function member(n: number, quantity: string): ReserveMember {
  const keys = [stockPairKey(P1, W1), stockPairKey(P1, W2)];
  return {
    keys,
    draft: {
      id: uuid(100 + n),
      companyId: COMPANY,
      reference: `R-${n}`,
      channelId: null,
      policy: ReservationPolicy.ALL_OR_NOTHING,
      expiresAt: null,
      createdBy: 'tester',
    },
    allocation: {
      lines: [{ productId: P1, warehouseId: W1, quantity: new Decimal(quantity) }],
      assumptions: new Map([[keys[0], { exact: null, atLeast: new Decimal(quantity) }]]),
    },
    audit: null,
    facts: null,
  };
}

/** The arguments of `execute name(a, b, ...)`: split on the top-level commas. */
function argumentsOf(sql: string): string[] {
  const inner = sql.slice(sql.indexOf('(') + 1, -1);
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    if ('([{'.includes(inner[i])) depth++;
    else if (')]}'.includes(inner[i])) depth--;
    else if (inner[i] === ',' && depth === 0) {
      args.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(inner.slice(start).trim());
  return args;
}

describe('RESERVE (the grouped reservation statement)', () => {
  const parameters = [...RESERVE.text.matchAll(/\$(\d+)::/g)].map((m) => Number(m[1]));

  it('uses each of its parameters once, numbered without a gap', () => {
    expect([...parameters].sort((a, b) => a - b)).toEqual(parameters.map((_, i) => i + 1));
  });

  it('is executed with one argument per parameter', () => {
    const sql = reserveSql([member(0, '2'), member(1, '3')]);
    expect(sql.startsWith(`execute ${RESERVE.name}(`)).toBe(true);
    expect(argumentsOf(sql)).toHaveLength(parameters.length);
  });

  it('passes, per pair a member needs, what the members before it in the group take', () => {
    const args = argumentsOf(reserveSql([member(0, '2'), member(1, '3'), member(2, '1')]));
    const taken = RESERVE.text.match(/\$(\d+)::numeric\[\]\) as n\(/)![1];
    // Two pairs per member; only W1 is taken from: 0, then 2, then 2 + 3.
    expect(args[Number(taken) - 1]).toBe(
      'array[0::numeric, 0::numeric, 2::numeric, 0::numeric, 5::numeric, 0::numeric]::numeric[]',
    );
  });
});
