/**
 * New answers after which a question's Dawid-Skene fit of `inFit` answers is refitted: every
 * `every` answers while the fit is small, then a share (`growth`) of the answers it was made of,
 * so that refits thin out as a question grows (a fit of 50,000 answers barely moves with 50
 * more, and each refit reads and fits all of them again). `growth` 0 keeps a fixed interval.
 */
export function refitInterval(cfg: { QUALITY_DS_REFIT_EVERY: number; QUALITY_DS_REFIT_GROWTH: number }, inFit: number): number {
  return Math.max(cfg.QUALITY_DS_REFIT_EVERY, Math.ceil(cfg.QUALITY_DS_REFIT_GROWTH * Math.max(0, inFit)));
}
