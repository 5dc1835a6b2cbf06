import type { LfReport } from '@verity/label-science';

const pct = (x: number) => x.toFixed(3);

/** A plain-text table, one row per LF version, then the totals. */
export function formatReport(r: LfReport, withGold: boolean): string {
  const header = ['lf', 'polarity', 'votes', 'coverage', 'overlap', 'conflict'];
  if (withGold) header.push('accuracy', '95% interval', 'gold n');
  const rows = r.lfs.map((s) => {
    const row = [
      s.lf,
      s.polarity.join('|'),
      String(s.votes),
      pct(s.coverage),
      pct(s.overlap),
      pct(s.conflict),
    ];
    if (withGold) {
      if (s.accuracy.defined) {
        const a = s.accuracy.value;
        row.push(pct(a.estimate), `[${pct(a.low)}, ${pct(a.high)}]`, String(a.trials));
      } else row.push('-', '-', '0');
    }
    return row;
  });
  const t = r.totals;
  rows.push([
    '(all)',
    '',
    String(t.votes),
    pct(t.coverage),
    pct(t.overlap),
    pct(t.conflict),
    ...(withGold ? ['', '', String(t.goldItems)] : []),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd() + '\n';
  return line(header) + rows.map(line).join('') + `${t.items} items, ${t.lfs} labeling functions\n`;
}
