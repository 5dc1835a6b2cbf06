import { refitInterval } from './refit-interval.rule';

describe('refitInterval', () => {
  const cfg = { QUALITY_DS_REFIT_EVERY: 50, QUALITY_DS_REFIT_GROWTH: 0.1 };

  it('is the fixed interval while the fit is small', () => {
    expect(refitInterval(cfg, 0)).toBe(50);
    expect(refitInterval(cfg, 499)).toBe(50);
  });

  it('grows with the answers in the fit beyond that', () => {
    expect(refitInterval(cfg, 501)).toBe(51); // rounded up: never a refit before the share is reached
    expect(refitInterval(cfg, 50000)).toBe(5000);
  });

  it('stays fixed with growth 0', () => {
    expect(refitInterval({ ...cfg, QUALITY_DS_REFIT_GROWTH: 0 }, 50000)).toBe(50);
  });
});
