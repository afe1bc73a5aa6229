import { describe, expect, it } from 'vitest';
import { saveBeforeClosingScript } from '../../../shared/ipc';
import { guardPageClosing } from './unsaved-close';

describe('the page side of closing with an unsaved note', () => {
  /** Runs main's script against a page holding `page` as its window, as executeJavaScript does. */
  const runScript = (page: EventTarget): Promise<unknown> =>
    new Function('window', `return ${saveBeforeClosingScript}`)(page) as Promise<unknown>;

  it('refuses to unload while the note is unsaved, and lets it go once saved', () => {
    const page = new EventTarget();
    let unsaved = true;
    guardPageClosing({ isUnsaved: () => unsaved, save: () => Promise.resolve(true) }, page);
    const closing = () => new Event('beforeunload', { cancelable: true });
    const first = closing();
    page.dispatchEvent(first);
    expect(first.defaultPrevented).toBe(true);
    unsaved = false;
    const second = closing();
    page.dispatchEvent(second);
    expect(second.defaultPrevented).toBe(false);
  });

  it('saves when main asks, and answers main with the outcome', async () => {
    const page = new EventTarget();
    const saves: string[] = [];
    const stop = guardPageClosing({ isUnsaved: () => true, save: () => (saves.push('saved'), Promise.resolve(false)) }, page);
    expect(await runScript(page)).toBe(false);
    expect(saves).toEqual(['saved']);
    stop();
    // Once the editor is gone, nobody answers: main is told nothing was saved, and keeps the window.
    expect(await runScript(page)).toBe(false);
    expect(saves).toEqual(['saved']);
  });

  it('answers true without saving again when nothing is left unsaved', async () => {
    const page = new EventTarget();
    guardPageClosing({ isUnsaved: () => false, save: () => Promise.reject(new Error('must not save')) }, page);
    expect(await runScript(page)).toBe(true);
  });
});
