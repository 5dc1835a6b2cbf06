import { InterchangeError, parseXml } from '../src';

describe('parseXml', () => {
  it('reads elements, both quote styles, self-closing tags, comments, the declaration and entities', () => {
    const root = parseXml(`<?xml version="1.0"?>
<!-- a comment -->
<View a="1" b='two &amp; &lt;three&gt; &#65;&#x42;'>
  <Header value="x"/>
  <Inner>some &quot;text&quot;<!-- skipped --><Leaf/></Inner>
</View>
`);
    expect(root.name).toBe('View');
    expect(root.attributes).toEqual({ a: '1', b: 'two & <three> AB' });
    expect(root.children.map((c) => c.name)).toEqual(['Header', 'Inner']);
    expect(root.children[1].text).toBe('some "text"');
    expect(root.children[1].children[0]).toEqual({
      name: 'Leaf',
      attributes: {},
      children: [],
      text: '',
      line: 5,
    });
    expect(root.line).toBe(3);
  });

  it.each([
    ['<View><Text></View>', 'line 1: </View> closes <Text> (opened on line 1)'],
    ['<View a=1/>', 'must be quoted'],
    ['<View a="1" a="2"/>', 'attribute "a" is given twice'],
    ['<View a="x &nbsp; y"/>', 'unknown entity &nbsp;'],
    ['<View a="fish & chips"/>', '"&" must start an entity'],
    ['<!DOCTYPE x><View/>', 'DOCTYPE is not supported'],
    ['<View/><View/>', 'content after the root element'],
    ['<View>\n  <Text>', 'line 2: <Text> is not closed'],
    ['<View><![CDATA[x]]></View>', 'CDATA sections are not supported'],
    ['<View a="1"b="2"/>', 'expected whitespace'],
    ['', 'expected a root element'],
  ])('refuses %j naming the line and the fault', (xml, message) => {
    expect(() => parseXml(xml)).toThrow(InterchangeError);
    expect(() => parseXml(xml)).toThrow(message);
  });
});
