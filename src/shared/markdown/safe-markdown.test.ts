import { describe, expect, it } from 'vitest';
import { safeMarkdown } from './safe-markdown';

describe('safeMarkdown', () => {
  it('shows raw HTML as text', () => {
    expect(safeMarkdown('<script>alert(1)</script>')).toBe('&lt;script>alert(1)&lt;/script>');
    expect(safeMarkdown('<img src=x onerror=alert(1)> <!-- caché -->')).toBe('&lt;img src=x onerror=alert(1)> &lt;!-- caché -->');
    expect(safeMarkdown('<javascript:alert(1)>')).toBe('&lt;javascript:alert(1)>');
    // An entity cannot spell a tag or a scheme in disguise.
    expect(safeMarkdown('&#60;script&#62; [x](&#106;avascript:alert(1))')).toBe('&amp;#60;script&amp;#62; [x](&amp;#106;avascript:alert(1))');
  });

  it('neutralises javascript:, vbscript: and data: links, whatever their spelling', () => {
    expect(safeMarkdown('[clic](javascript:alert(1))')).toBe('[clic](#javascript:alert(1))');
    expect(safeMarkdown('[clic]( JavaScript:alert(1))')).toBe('[clic]( #JavaScript:alert(1))');
    expect(safeMarkdown('[clic](java\tscript:alert(1))')).toBe('[clic](#java\tscript:alert(1))');
    expect(safeMarkdown('![image](data:text/html;base64,PHNjcmlwdD4=)')).toBe('![image](#data:text/html;base64,PHNjcmlwdD4=)');
    expect(safeMarkdown('[clic][a]\n\n[a]: vbscript:msgbox(1)')).toBe('[clic][a]\n\n[a]: #vbscript:msgbox(1)');
  });

  it('keeps the Markdown and the prose a person wrote', () => {
    const note = '**Important** : voir [la fiche RTES](https://www.rtes.fr/) ; 3 < 5 & R&D > 2.\n\n- un\n- deux';
    expect(safeMarkdown(note)).toBe(note);
  });
});
