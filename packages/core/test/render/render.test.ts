import { expect } from 'chai';
import { escapeHtml, formatCsv, tableScript } from '../../src/render/index.js';

describe('formatCsv', () => {
  it('writes RFC 4180: quotes only where needed, doubled quotes, LF line ends and a final newline', () => {
    // Act
    const csv = formatCsv(
      ['name', 'note'],
      [
        ['plain', 'a,b'],
        ['quote', 'say "hi"'],
        ['lines', 'one\ntwo'],
      ],
    );

    // Assess
    expect(csv).to.equal('name,note\nplain,"a,b"\nquote,"say ""hi"""\nlines,"one\ntwo"\n');
  });

  it('ends the header alone with a newline too', () => {
    expect(formatCsv(['a', 'b'], [])).to.equal('a,b\n');
  });

  it('gives a value a spreadsheet would run a leading quote mark, a line break after the formula included', () => {
    // Act
    const csv = formatCsv(
      ['value'],
      [['=1+1'], ['+1'], ['-1'], ['@SUM(A1)'], ['\tx'], ['=HYPERLINK("x")\nrest'], ['a=b']],
    );

    // Assess
    expect(csv).to.equal(
      `value\n"'=1+1"\n"'+1"\n"'-1"\n"'@SUM(A1)"\n"'\tx"\n"'=HYPERLINK(""x"")\nrest"\na=b\n`,
    );
  });
});

describe('escapeHtml', () => {
  it('escapes what could open a tag, an entity or close an attribute', () => {
    expect(escapeHtml(`a&b<c>d"e'f`)).to.equal('a&amp;b&lt;c&gt;d&quot;e&#39;f');
    expect(escapeHtml(42)).to.equal('42');
  });
});

describe('tableScript', () => {
  it('embeds its options as JSON no value can end the script element with', () => {
    // Act
    const script = tableScript({
      table: 'users',
      noun: '</script><b>users',
      textFilter: 'filter-text',
      shownCount: 'shown-count',
      noMatch: 'no-match',
    });

    // Assess
    expect(script).not.to.include('</script>');
    expect(script).to.include('"noun":"\\u003c/script>\\u003cb>users"');
  });
});
