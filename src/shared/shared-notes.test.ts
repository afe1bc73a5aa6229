import { describe, expect, it } from 'vitest';
import type { Annotation } from './schemas';
import { ficheLabel, ficheReference, toSharedNotes } from './shared-notes';

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

describe('toSharedNotes', () => {
  const note: Annotation = {
    ...fiche,
    id: 'n1',
    document: null,
    color: null,
    note: 'À relire',
    tags: [],
    selector: null,
    status: 'fiche',
    createdAt: '2026-12-04T10:00:00.000Z',
    updatedAt: '2026-12-04T10:00:00.000Z',
    authorName: '',
    authorLogin: '',
    isPrivate: false,
  };

  it('says a note without a passage is on the whole fiche, or on the whole page of a document', () => {
    const [onFiche, onPage] = toSharedNotes(
      [note, { ...note, kit: null, number: null, document: { id: 'a'.repeat(64), page: 2, title: 'SPASER 2025' } }],
      () => null,
    );
    expect(onFiche?.wholeLine).toBe('Note sur l’ensemble de la fiche.');
    expect(onPage?.ficheReference).toBe('Document « SPASER 2025 », page 2');
    expect(onPage?.wholeLine).toBe('Note sur l’ensemble de la page.');
  });
});
