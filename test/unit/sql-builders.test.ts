import { pendingProposalsSql } from '../../src/modules/purchasing/sql/pending-proposals';
import { expireLinesSql } from '../../src/modules/reservations/sql/expire-reservations';

const placeholders = (sql: string) => (sql.match(/\?/g) ?? []).length;

describe('statements whose placeholders follow their rows', () => {
  it('pendingProposalsSql takes the company then the products, twice', () => {
    expect(placeholders(pendingProposalsSql(4))).toBe(2 * (1 + 4));
  });

  it('expireLinesSql takes one parameter per reservation', () => {
    expect(placeholders(expireLinesSql(5))).toBe(5);
  });
});
