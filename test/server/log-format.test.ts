import { logFormat } from '../../src/observability/logger';

describe('log format', () => {
  it('is readable on a terminal outside production, JSON in production and when piped', () => {
    expect(logFormat({ NODE_ENV: 'development' }, true)).toBe('pretty');
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({ NODE_ENV: 'development' }, false)).toBe('json');
    expect(logFormat({ NODE_ENV: 'development' }, undefined)).toBe('json');
    expect(logFormat({ NODE_ENV: 'production' }, true)).toBe('json');
  });

  it('LOG_FORMAT decides when set, and only json or pretty', () => {
    expect(logFormat({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(logFormat({ NODE_ENV: 'development', LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(() => logFormat({ LOG_FORMAT: 'yaml' }, true)).toThrow(/LOG_FORMAT must be json or pretty/);
  });
});
