import { InterchangeError } from '../interchange-error';

/** One element of a parsed XML document. Attribute names keep their spelling. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element, whitespace-only runs dropped. */
  text: string;
  /** 1-based line of the element's start tag. */
  line: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A small strict XML reader for labeling configs: elements, attributes in single or double
 * quotes, self-closing tags, comments, an XML declaration and the five predefined entities plus
 * numeric character references. DOCTYPE, CDATA and processing instructions other than the
 * declaration are refused, as is anything malformed; the error names the line.
 */
export function parseXml(xml: string): XmlElement {
  let pos = 0;
  const lineAt = (i: number) => xml.slice(0, i).split('\n').length;
  const fail = (why: string, at = pos): never => {
    throw new InterchangeError(`line ${lineAt(at)}`, why);
  };

  const skipMisc = () => {
    for (;;) {
      while (pos < xml.length && /\s/.test(xml[pos])) pos++;
      if (xml.startsWith('<!--', pos)) {
        const end = xml.indexOf('-->', pos + 4);
        if (end < 0) fail('comment is not closed');
        pos = end + 3;
      } else if (xml.startsWith('<?xml', pos) && pos === xml.search(/\S/)) {
        const end = xml.indexOf('?>', pos);
        if (end < 0) fail('XML declaration is not closed');
        pos = end + 2;
      } else return;
    }
  };

  const decode = (raw: string, at: number): string =>
    raw.replace(/&([^;\s&]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) fail(`"&" must start an entity such as &amp;`, at);
      if (ref in ENTITIES) return ENTITIES[ref];
      const num = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(ref);
      if (!num) return fail(`unknown entity &${ref};`, at);
      const code = num[1][0] === 'x' ? parseInt(num[1].slice(1), 16) : parseInt(num[1], 10);
      if (code > 0x10ffff) fail(`character reference &${ref}; is out of range`, at);
      return String.fromCodePoint(code);
    });

  const readName = (what: string): string => {
    const m = NAME.exec(xml.slice(pos, pos + 200));
    if (!m) return fail(`expected ${what}`);
    pos += m[0].length;
    return m[0];
  };

  const readElement = (): XmlElement => {
    const start = pos;
    pos++; // '<'
    const name = readName('a tag name after "<"');
    const el: XmlElement = { name, attributes: {}, children: [], text: '', line: lineAt(start) };
    for (;;) {
      const before = pos;
      while (pos < xml.length && /\s/.test(xml[pos])) pos++;
      if (pos >= xml.length) fail(`<${name}> is not closed`, start);
      if (xml.startsWith('/>', pos)) {
        pos += 2;
        return el;
      }
      if (xml[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail(`expected whitespace, ">" or "/>" in <${name}>`);
      const attr = readName(`an attribute name in <${name}>`);
      if (Object.prototype.hasOwnProperty.call(el.attributes, attr))
        fail(`attribute "${attr}" is given twice in <${name}>`);
      while (/\s/.test(xml[pos] ?? '')) pos++;
      if (xml[pos] !== '=') fail(`attribute "${attr}" of <${name}> has no value`);
      pos++;
      while (/\s/.test(xml[pos] ?? '')) pos++;
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'")
        fail(`the value of attribute "${attr}" of <${name}> must be quoted`);
      const end = xml.indexOf(quote, pos + 1);
      if (end < 0) fail(`the value of attribute "${attr}" of <${name}> is not closed`);
      const raw = xml.slice(pos + 1, end);
      if (raw.includes('<')) fail(`the value of attribute "${attr}" of <${name}> contains "<"`);
      el.attributes[attr] = decode(raw, pos);
      pos = end + 1;
    }
    const texts: string[] = [];
    for (;;) {
      const next = xml.indexOf('<', pos);
      if (next < 0) fail(`<${name}> is not closed`, start);
      const chunk = xml.slice(pos, next);
      if (chunk.trim()) texts.push(decode(chunk.trim(), pos));
      pos = next;
      if (xml.startsWith('</', pos)) {
        pos += 2;
        const closing = readName('a tag name after "</"');
        if (closing !== name) fail(`</${closing}> closes <${name}> (opened on line ${el.line})`);
        while (/\s/.test(xml[pos] ?? '')) pos++;
        if (xml[pos] !== '>') fail(`expected ">" after </${closing}`);
        pos++;
        el.text = texts.join(' ');
        return el;
      }
      if (xml.startsWith('<!--', pos)) {
        const end = xml.indexOf('-->', pos + 4);
        if (end < 0) fail('comment is not closed');
        pos = end + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', pos)) fail('CDATA sections are not supported');
      if (xml.startsWith('<!', pos) || xml.startsWith('<?', pos))
        fail('declarations and processing instructions are not supported here');
      el.children.push(readElement());
    }
  };

  skipMisc();
  if (xml.startsWith('<!DOCTYPE', pos)) fail('DOCTYPE is not supported');
  if (xml[pos] !== '<') fail('expected a root element');
  const root = readElement();
  skipMisc();
  if (pos < xml.length) fail('content after the root element');
  return root;
}
