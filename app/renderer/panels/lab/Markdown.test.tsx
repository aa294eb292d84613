import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown.js';

const html = (text: string) => renderToStaticMarkup(<Markdown text={text} />);

describe('a lab’s Markdown', () => {
  it('renders headings, emphasis, code and lists', () => {
    const out = html('# Routes\n\nAdd **two** routes with `ip route add`.\n\n1. on r1\n2. on r2\n\n```\nip route\n```');
    expect(out).toContain('<h3>Routes</h3>');
    expect(out).toContain('<strong>two</strong>');
    expect(out).toContain('<code>ip route add</code>');
    expect(out).toMatch(/<ol[^>]*><li>on r1<\/li><li>on r2<\/li><\/ol>/);
    expect(out).toContain('<pre><code>ip route</code></pre>');
  });

  it('shows raw HTML as its text, never as markup', () => {
    const out = html('Hi <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div onclick="x()">block</div>');
    expect(out).not.toMatch(/<script|<img|<div onclick/);
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('&lt;div onclick=&quot;x()&quot;&gt;block&lt;/div&gt;');
  });

  it('loads nothing remote: an image is its alt text, a link is text with its address', () => {
    const out = html('![the topology](http://example.com/t.png) see [the manual](https://example.com/m)');
    expect(out).not.toMatch(/<img|<a |src=|href=/);
    expect(out).toContain('[the topology]');
    expect(out).toContain('the manual');
    expect(out).toContain('(https://example.com/m)');
  });
});
