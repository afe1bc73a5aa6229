import { describe, expect, it } from 'vitest';
import { ficheLabel, ficheReference } from './shared-notes';

const fiche = { kit: 'municipaless', kitTitle: 'MunicipalESS', number: 7, ficheTitle: 'Commande publique responsable' };

describe('ficheLabel', () => {
  it('names a fiche the same way in exports and, with « · », on screen', () => {
    expect(ficheLabel(fiche)).toBe('MunicipalESS, fiche 7 : Commande publique responsable');
    expect(ficheLabel(fiche, ' · ')).toBe('MunicipalESS · fiche 7 : Commande publique responsable');
  });

  it('says when the fiche has left the base, and falls back on the kit slug', () => {
    expect(ficheLabel({ ...fiche, kitTitle: null, ficheTitle: null }, ' · ')).toBe('municipaless · fiche 7 : fiche retirée de la base');
  });
});

describe('ficheReference', () => {
  it('names a document page rather than a fiche', () => {
    expect(ficheReference({ ...fiche, document: { id: 'a'.repeat(64), page: 3, title: 'SPASER 2025' } }, ' · ')).toBe('Document « SPASER 2025 », page 3');
  });
});
