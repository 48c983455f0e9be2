import { describe, expect, it } from 'vitest';
import { decodeEntities, findElements, parseXml, XmlParseError } from '../../../../src/toolchains/python/junit-xml.js';
import { readCaptured } from './python-facts.js';

describe('parseXml', () => {
  it('reads elements, attributes (both quotes), text, CDATA and entities; skips prolog, comments, doctype', () => {
    const root = parseXml(
      '\uFEFF<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x "y">]>\n<!-- c -->' +
        `<r a="1 &amp; 2" b='&quot;q&quot;'><c>x &lt; y<![CDATA[ <raw> & ]]>&#10;&#x41;</c><d/><e k="v" /></r>`,
    );
    expect(root.name).toBe('r');
    expect(Object.fromEntries(root.attributes)).toEqual({ a: '1 & 2', b: '"q"' });
    expect(root.children.map((child) => child.name)).toEqual(['c', 'd', 'e']);
    expect(root.children[0]?.text).toBe('x < y <raw> & \nA');
    expect(root.children[2]?.attributes.get('k')).toBe('v');
  });

  it('keeps unknown entity references as written', () => {
    expect(decodeEntities('&nbsp; &amp; &#9731;')).toBe('&nbsp; & ☃');
  });

  it('rejects malformed documents', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(XmlParseError);
    expect(() => parseXml('<a>')).toThrow(XmlParseError);
    expect(() => parseXml('')).toThrow(XmlParseError);
    expect(() => parseXml('<a x=1/>')).toThrow(XmlParseError);
    expect(() => parseXml('<a/><b/>')).toThrow(XmlParseError);
  });

  it('reads a real pytest report: 11 testcases, one failure text decoded', () => {
    const root = parseXml(readCaptured('pytest/mixed-outcomes.junit.xml'));
    const cases = findElements(root, 'testcase');
    expect(cases).toHaveLength(11);
    const failure = cases[1]?.children[0];
    expect(failure?.attributes.get('message')).toBe('assert 3 == 4\n +  where 3 = add(1, 2)');
    expect(failure?.text).toContain('>       assert add(1, 2) == 4');
  });
});
