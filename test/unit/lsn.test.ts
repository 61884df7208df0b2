import { formatLsn, parseLsn } from '../../src/db/lsn';

describe('WAL positions (x-stockline-lsn)', () => {
  it('reads PostgreSQL LSNs and orders them as PostgreSQL does', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    expect(formatLsn(parseLsn('16/B374D848')!)).toBe('16/B374D848');
  });

  it('refuses anything else', () => {
    for (const text of ['', 'abc', '1/2/3', '0x1/2', '123456789/0', ' /1', undefined, 12]) {
      expect(parseLsn(text)).toBeNull();
    }
  });
});
