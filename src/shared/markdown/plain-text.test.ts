import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from './plain-text';

describe('markdownToPlainText', () => {
  it('keeps the words a reader sees, one block per paragraph, heading and list item', () => {
    const md = [
      '## L’essentiel',
      '',
      'La **société coopérative** d’intérêt *collectif* (voir [la loi](https://www.legifrance.gouv.fr)).',
      '',
      '- premier levier ;',
      '- second `levier`.',
      '',
      '> Une citation.',
    ].join('\n');
    expect(markdownToPlainText(md)).toBe(
      'L’essentiel\n\nLa société coopérative d’intérêt collectif (voir la loi).\n\npremier levier ;\n\nsecond levier.\n\nUne citation.',
    );
  });

  it('keeps raw HTML as the literal text the reader shows, images as their alternative text', () => {
    expect(markdownToPlainText('Texte <script>alert(1)</script> &amp; suite ![une image](x.png)')).toBe(
      'Texte <script>alert(1)</script> & suite une image',
    );
  });
});
