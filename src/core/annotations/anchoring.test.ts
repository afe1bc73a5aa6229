import { describe, expect, it } from 'vitest';
import type { Selector } from '../../shared/schemas';
import { anchorSelector, quoteContext } from './anchoring';

const original =
  'La commune peut réserver certains marchés aux structures d’insertion. Elle peut aussi intégrer une clause sociale ' +
  'dans ses marchés de travaux, ce qui ouvre des heures de travail aux personnes éloignées de l’emploi. ' +
  'Enfin, un schéma d’achats responsables fixe le cap pour tout le mandat.';
const passage = 'intégrer une clause sociale dans ses marchés de travaux';

function selectorFor(text: string, exact: string): Selector {
  const start = text.indexOf(exact);
  return { exact, start, end: start + exact.length, ...quoteContext(text, start, start + exact.length) };
}

const selector = selectorFor(original, passage);
const quoted = (text: string, anchor: { start: number; end: number } | null) => (anchor ? text.slice(anchor.start, anchor.end) : null);

describe('anchorSelector', () => {
  it('keeps a passage whose text did not change', () => {
    expect(anchorSelector(original, selector)).toEqual({ start: selector.start, end: selector.end });
  });

  it('follows the passage when text is inserted before it', () => {
    const changed = `Nouvelle introduction de la fiche, ajoutée dans l’édition 2026. ${original}`;
    const anchor = anchorSelector(changed, selector);
    expect(quoted(changed, anchor)).toBe(passage);
    expect(anchor?.start).toBeGreaterThan(selector.start);
  });

  it('finds the passage approximately when a word inside it changed', () => {
    const changed = original.replace('clause sociale', 'clause d’insertion');
    expect(quoted(changed, anchorSelector(changed, selector))).toBe('intégrer une clause d’insertion dans ses marchés de travaux');
  });

  it('picks the copy whose context matches when the passage is duplicated elsewhere', () => {
    const elsewhere = `Rappel : le département peut ${passage} lui aussi, sans attendre. `;
    const changed = `${elsewhere}${original}`;
    const anchor = anchorSelector(changed, selector);
    expect(quoted(changed, anchor)).toBe(passage);
    expect(anchor?.start).toBe(elsewhere.length + selector.start);
  });

  it('orphans the annotation when its passage was deleted or the fiche rewritten', () => {
    expect(anchorSelector(original.replace(`Elle peut aussi ${passage}, ce qui`, 'Cela'), selector)).toBeNull();
    const rewritten = 'Cette fiche a été entièrement réécrite : elle traite désormais de la mobilité solidaire en milieu rural et des garages associatifs.';
    expect(anchorSelector(rewritten, selector)).toBeNull();
  });
});
