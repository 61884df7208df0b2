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
    [
      // The faults test's intermittent INTERNAL_SERVER_ERROR (session 17): the reservation plan's read
      // ran on a client whose connection PostgreSQL had terminated, and knex put its SQL in front.
      'knex: a query on a client whose connection failed',
      {
        message:
          'with ch as (select id, buffer from channel where company_id = $1 and code = $2::text),\n' +
          '          p as (select id from product) select 1 - Client has encountered a connection error and is not queryable',
      },
    ],
    ['knex: a query whose connection ended', { message: 'select 1 - Connection terminated unexpectedly' }],
  ])('%s is one', (_, error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: '23505', message: 'duplicate key value violates unique constraint' }],
    ['a lock timeout', { code: '55P03', message: 'canceling statement due to lock timeout' }],
    ['a plain error', new Error('something else')],
    // pg's words inside the SQL text, not as the error: still not a lost connection.
    ['a message that only quotes them', { message: 'select \'Connection terminated\' - syntax error at or near "x"' }],
    ['nothing', null],
  ])('%s is not', (_, error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });
});
