import { describe, expect, it } from 'vitest';
import { answerUnsavedNote, unsavedNoteQuestion, type UnsavedNoteActions } from './unsaved-note';

/** The actions as Electron would run them, recording what happened to the window. */
function windowActions(answer: number, saved: () => Promise<unknown>): { actions: UnsavedNoteActions; happened: string[] } {
  const happened: string[] = [];
  const actions: UnsavedNoteActions = {
    ask: () => answer,
    allowUnload: () => happened.push('unloaded without saving'),
    saveNote: () => {
      happened.push('save asked');
      return saved();
    },
    leaveAgain: () => happened.push('closed'),
    reportNotSaved: () => happened.push('told not saved'),
  };
  return { actions, happened };
}

const button = (label: string): number => (unsavedNoteQuestion.buttons ?? []).indexOf(label);

describe('closing the desktop window with an unsaved note', () => {
  it('asks « Enregistrer / Ne pas enregistrer / Annuler », Enter saving and Escape keeping the window', () => {
    expect(unsavedNoteQuestion.buttons).toEqual(['Enregistrer', 'Ne pas enregistrer', 'Annuler']);
    expect(unsavedNoteQuestion.defaultId).toBe(button('Enregistrer'));
    expect(unsavedNoteQuestion.cancelId).toBe(button('Annuler'));
  });

  it('« Enregistrer » closes only once the page says the note is stored', async () => {
    const { actions, happened } = windowActions(button('Enregistrer'), () => Promise.resolve(true));
    await answerUnsavedNote(actions);
    expect(happened).toEqual(['save asked', 'closed']);
  });

  it('« Enregistrer » keeps the window when the note could not be stored, or the page answers anything but true', async () => {
    for (const answer of [() => Promise.resolve(false), () => Promise.reject(new Error('page reloading')), () => Promise.resolve('true'), () => Promise.resolve({ saved: true })]) {
      const { actions, happened } = windowActions(button('Enregistrer'), answer);
      await answerUnsavedNote(actions);
      expect(happened).toEqual(['save asked', 'told not saved']);
    }
  });

  it('« Ne pas enregistrer » lets the window close at once, before anything awaits', () => {
    const { actions, happened } = windowActions(button('Ne pas enregistrer'), () => Promise.resolve(true));
    void answerUnsavedNote(actions);
    expect(happened).toEqual(['unloaded without saving']);
  });

  it('« Annuler » (or Escape) keeps the window and the note', async () => {
    for (const answer of [button('Annuler'), unsavedNoteQuestion.cancelId ?? -1, -1]) {
      const { actions, happened } = windowActions(answer, () => Promise.resolve(true));
      await answerUnsavedNote(actions);
      expect(happened).toEqual([]);
    }
  });
});
