import { isConnectionFailure } from '../../src/db/faults';

/** What counts as a lost or refused connection: the answer then says DATABASE_UNAVAILABLE or OUTCOME_UNKNOWN. */
describe('isConnectionFailure', () => {
  it.each([
    ['a terminated backend (57P01)', { code: '57P01', message: 'terminating connection due to administrator command' }],
    ['a FATAL error', { severity: 'FATAL', message: 'the database system is shutting down' }],
    ['a reset socket', { code: 'ECONNRESET', message: 'read ECONNRESET' }],
    ['pg: the connection ended under a query', { message: 'Connection terminated unexpectedly' }],
    [
      'pg: a client used after its connection failed',
      { message: 'Client has encountered a connection error and is not queryable' },
    ],
    ['pg: a client used after it was closed', { message: 'Client was closed and is not queryable' }],
  ])('%s is one', (_, error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: '23505', message: 'duplicate key value violates unique constraint' }],
    ['a lock timeout', { code: '55P03', message: 'canceling statement due to lock timeout' }],
    ['a plain error', new Error('something else')],
    ['nothing', null],
  ])('%s is not', (_, error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });
});
