import { describe, expect, it } from 'vitest';
import type { TeamConflict } from '../../../../shared/team-schemas';
import { differingFields, mergedContent, mergeDraft, versionViews } from './conflict-versions';

const id = '6f1c1a8e-8a8c-4c1e-9b7a-1c2d3e4f5a6b';
function annotation(note: string, tags: string[], authorName: string, updatedAt: string) {
  return {
    kind: 'annotation' as const,
    annotation: {
      id,
      kit: 'departemental',
      number: 4,
      document: null,
      selector: null,
      color: null,
      note,
      tags,
      createdAt: '2026-12-01T08:00:00.000Z',
      updatedAt,
      authorLogin: authorName.toLowerCase(),
      authorName,
    },
  };
}

const conflict: TeamConflict = {
  docId: `annotation:${id}`,
  kind: 'annotation',
  label: 'Note',
  detectedAt: '2026-12-04T10:00:00.000Z',
  versions: [
    { rev: '2-aaa', winner: true, deleted: false, content: annotation('Texte de Claire', ['emploi'], 'Claire', '2026-12-03T10:00:00.000Z') },
    { rev: '2-bbb', winner: false, deleted: false, content: annotation('Texte de Marc', ['emploi', 'Foncier'], 'Marc', '2026-12-04T09:00:00.000Z') },
  ],
};

const noTitles = () => ({ kitTitle: null, ficheTitle: null });

describe('conflict versions', () => {
  it('shows the latest edit first, with its author, and marks the fields that differ', () => {
    const views = versionViews(conflict, noTitles);
    expect(views.map((v) => [v.heading, v.author, v.rev])).toEqual([
      ['Version 1', 'Marc', '2-bbb'],
      ['Version 2', 'Claire', '2-aaa'],
    ]);
    expect(views[0]?.fields.find((f) => f.label === 'Note')?.value).toBe('Texte de Marc');
    expect([...differingFields(views)].sort()).toEqual(['Note', 'Étiquettes']);
  });

  it('starts a merge from the winning version with every text and tag, each once', () => {
    const draft = mergeDraft(conflict);
    expect(draft?.base.rev).toBe('2-aaa');
    expect(draft?.text).toBe('Texte de Claire\n\nTexte de Marc');
    expect(draft?.tags).toEqual(['emploi', 'Foncier']);
    const merged = mergedContent(draft!.base, 'Fusion', ['emploi']);
    expect(merged).toMatchObject({ id, note: 'Fusion', tags: ['emploi'], authorName: 'Claire' });
  });

  it('keeps a deleted version readable as such and offers no merge of a deletion alone', () => {
    const withDeletion: TeamConflict = { ...conflict, versions: [{ rev: '3-ccc', winner: true, deleted: true, content: null }] };
    expect(versionViews(withDeletion, noTitles)[0]?.date).toMatch(/supprimée/);
    expect(mergeDraft(withDeletion)).toBeNull();
  });

  it('names the fiche of a note by its kit and fiche titles, as the exported notes do', () => {
    const titles = { kitTitle: 'DépartementalESS', ficheTitle: 'Modes de contractualisation' };
    const views = versionViews(conflict, (kit, number) => (kit === 'departemental' && number === 4 ? titles : { kitTitle: null, ficheTitle: null }));
    expect(views.map((v) => v.fields.find((f) => f.label === 'Fiche')?.value)).toEqual([
      'DépartementalESS, fiche 4 : Modes de contractualisation',
      'DépartementalESS, fiche 4 : Modes de contractualisation',
    ]);
  });
});
