import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, unavailableReason } from './database-unavailable.js';
import { StoreUnavailableError } from './event-store.port.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['the store’s own error', new StoreUnavailableError('ECONNREFUSED')],
    ['admin shutdown', coded('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown', coded('57P02')],
    ['cannot connect now (starting up)', coded('57P03', 'the database system is starting up')],
    ['too many connections', coded('53300')],
    ['any connection exception (class 08)', coded('08006')],
    ['08P01 protocol violation', coded('08P01')],
    ['connection refused', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset', coded('ECONNRESET')],
    ['a refused IPv4 and IPv6 connect', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')])],
    ['pg: a client that lost its connection', new Error('Client has encountered a connection error and is not queryable')],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg: pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['TypeORM wrapping a shutdown', new QueryFailedError('SELECT 1', [], coded('57P01'))],
    ['TypeORM wrapping a lost connection', new QueryFailedError('SELECT 1', [], new Error('Connection terminated'))],
    ['a cause', new Error('outer', { cause: coded('ECONNREFUSED') })],
    ['SQLite busy past its timeout', new Database.SqliteError('database is locked', 'SQLITE_BUSY')],
    ['SQLite busy (extended code)', new Database.SqliteError('database is locked', 'SQLITE_BUSY_SNAPSHOT')],
  ])('recognises %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', coded('23505')],
    ['a syntax error', coded('42601')],
    ['TypeORM wrapping a unique violation', new QueryFailedError('INSERT', [], coded('23505'))],
    ['SQLite locked inside one connection (a bug)', new Database.SqliteError('database table is locked', 'SQLITE_LOCKED')],
    ['a SQLite constraint', new Database.SqliteError('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE')],
    ['a programming error', new TypeError('undefined is not a function')],
    ['nothing', undefined],
    ['a string', 'Connection terminated'],
  ])('does not take %s for an outage', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('gives a code to log, never the message', () => {
    expect(unavailableReason(new QueryFailedError('SELECT secret', [], coded('57P01', 'terminating')))).toBe('57P01');
    expect(unavailableReason(new Error('Client has encountered a connection error and is not queryable'))).toBe('connection lost');
  });
});
