import { displayNameSafe, escapeHtml, headerSafe, htmlText, safeUrl, singleLine } from './escape';

describe('escapeHtml', () => {
  it('escapes markup and attribute quotes', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
  });
});

describe('headerSafe', () => {
  it('cannot carry a second header', () => {
    const subject = headerSafe('Update\r\nBcc: victim@example.com\nX-Evil: 1');
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe('Update Bcc: victim@example.com X-Evil: 1');
  });

  it('drops control characters, Unicode line separators and bidi overrides', () => {
    expect(headerSafe('a\u0000b\u0007c\u007fd\u0085e\u2028f\u202eg\tz')).toBe('a b c d e f g z');
  });

  it('shortens overlong text', () => {
    const subject = headerSafe('x'.repeat(500));
    expect(subject.length).toBeLessThanOrEqual(200);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('treats missing values as empty', () => {
    expect(headerSafe(null)).toBe('');
    expect(singleLine(undefined)).toBe('');
  });
});

describe('displayNameSafe', () => {
  it('keeps a name from smuggling in an address', () => {
    expect(displayNameSafe('Priya "Shah" <evil@example.com>,\r\nBcc: x')).toBe(
      'Priya Shah evil@example.com Bcc: x',
    );
  });
});

describe('safeUrl', () => {
  it('accepts http and https only', () => {
    expect(safeUrl('https://ats.example.com/a?b=1&c=2')).toBe('https://ats.example.com/a?b=1&c=2');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,hi')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl(null)).toBeNull();
  });
});

describe('htmlText', () => {
  it('flattens and escapes', () => {
    expect(htmlText('<b>Ada</b>\nLovelace')).toBe('&lt;b&gt;Ada&lt;/b&gt; Lovelace');
  });
});
