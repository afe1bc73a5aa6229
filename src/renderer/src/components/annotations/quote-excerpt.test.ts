import { describe, expect, it } from 'vitest';
import { quoteExcerpt } from './quote-excerpt';

describe('quoteExcerpt', () => {
  it('keeps a short passage whole', () => {
    expect(quoteExcerpt('Une phrase courte.')).toBe('Une phrase courte.');
  });

  it('keeps the beginning and the end of a long passage around « […] »', () => {
    const text = `Début du passage ${'mot '.repeat(200)}fin du passage.`;
    const excerpt = quoteExcerpt(text);
    expect(excerpt.length).toBeLessThan(330);
    expect(excerpt.startsWith('Début du passage')).toBe(true);
    expect(excerpt.endsWith('fin du passage.')).toBe(true);
    expect(excerpt).toContain(' […] ');
  });
});
