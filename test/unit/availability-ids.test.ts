import { availabilityId, warehouseAvailabilityId } from '../../src/modules/reservations/availability-ids';

/** The ids as URLSearchParams writes them (their format since they were introduced). */
function reference(sku: string, channel: string | null, rest: [string, string]): string {
  const params = new URLSearchParams({ sku });
  if (channel) params.set('channel', channel);
  params.set(...rest);
  return `availability?${params}`;
}

describe('availability ids', () => {
  const values = ['BEV-JUICE-100', 'a.b_c*d-e', 'with space', "it's (1)!~", 'é/ü?&=#+%', '\ud800lone', '', '日本'];
  it('are exactly what URLSearchParams writes, plain SKUs and codes without it', () => {
    for (const sku of values) {
      for (const channel of [null, 'web', 'web shop&co']) {
        for (const code of ['PAR', 'w h']) {
          expect(warehouseAvailabilityId(sku, channel, code)).toBe(reference(sku, channel, ['warehouse', code]));
          expect(availabilityId(sku, channel, [code, 'lyo', 'PAR'])).toBe(
            reference(sku, channel, ['warehouses', [...new Set([code.toUpperCase(), 'LYO', 'PAR'])].sort().join()]),
          );
        }
        const params = new URLSearchParams({ sku });
        if (channel) params.set('channel', channel);
        expect(availabilityId(sku, channel, null)).toBe(`availability?${params}`);
      }
    }
  });
});
