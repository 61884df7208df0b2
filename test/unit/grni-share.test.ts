import { Decimal } from '../../src/db/decimal';
import { grniShare, type OpenGrni } from '../../src/modules/purchasing/grni-share';

const d = (v: string) => new Decimal(v);
const open = (quantity: string, value: string): OpenGrni => ({ quantity: d(quantity), value: d(value) });

describe('grniShare: what a bill clears from GR/IR of a foreign-currency order line', () => {
  it('clears in proportion to the quantity received and not yet billed, to the cent', () => {
    // 6 received at 0.90 (108.00) and 4 at 0.92 (73.60): half of it is 90.80.
    const { cleared, open: left } = grniShare(open('10', '181.6'), d('5'), d('95'));
    expect(cleared.toFixed()).toBe('90.8');
    expect([left.quantity.toFixed(), left.value.toFixed()]).toEqual(['5', '90.8']);
  });

  it('three bills of a third leave nothing: the last one clears exactly what is left', () => {
    let state = open('3', '100');
    const cleared: string[] = [];
    for (let i = 0; i < 3; i++) {
      const share = grniShare(state, d('1'), d('30'));
      cleared.push(share.cleared.toFixed());
      state = share.open;
    }
    expect(cleared).toEqual(['33.33', '33.34', '33.33']);
    expect([state.quantity.toFixed(), state.value.toFixed()]).toEqual(['0', '0']);
  });

  it('goods billed before they are received are cleared at the order price at the bill rate', () => {
    expect(grniShare(open('0', '0'), d('4'), d('76')).cleared.toFixed()).toBe('76');
    // 2 of the 4 billed were received (36.00): those clear what is open, the 2 others at the bill rate.
    const { cleared, open: left } = grniShare(open('2', '36'), d('4'), d('76'));
    expect(cleared.toFixed()).toBe('74');
    expect([left.quantity.toFixed(), left.value.toFixed()]).toEqual(['-2', '-38']);
  });

  it('rounds half up to the cent', () => {
    expect(grniShare(open('8', '0.2'), d('1'), d('0')).cleared.toFixed()).toBe('0.03');
  });
});
