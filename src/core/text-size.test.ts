import { afterEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../shared/dispatch';
import { KnowledgeBase } from './knowledge-base';
import { setSetting } from './settings';
import { tempDir } from './test-support/temp-dir';

const opened: KnowledgeBase[] = [];
function open(dataDir: string): KnowledgeBase {
  const kb = KnowledgeBase.open({ dataDir, appVersion: 'test', dailyBackup: false });
  opened.push(kb);
  return kb;
}
afterEach(() => {
  for (const kb of opened.splice(0)) kb.close();
});

describe('text size', () => {
  it('is the normal size until chosen, then kept for the next start', async () => {
    const dataDir = tempDir();
    const kb = open(dataDir);
    const dispatch = createDispatch(kb.handlers(), () => {});
    expect(await dispatch('getTextSize', {})).toEqual({ ok: true, value: { percent: 100 } });
    expect(await dispatch('setTextSize', { percent: 175 })).toEqual({ ok: true, value: { percent: 175 } });
    kb.close();
    opened.pop();
    expect(open(dataDir).handlers().getTextSize({})).toEqual({ percent: 175 });
  });

  it('refuses a size that is not offered, in French, and keeps the one chosen', async () => {
    const kb = open(tempDir());
    const dispatch = createDispatch(kb.handlers(), () => {});
    await dispatch('setTextSize', { percent: 150 });
    for (const percent of [90, 130, 250, '200']) {
      const result = await dispatch('setTextSize', { percent });
      expect(JSON.stringify(result)).toMatch(/Taille du texte invalide : choisissez 100, 125, 150, 175, 200 %/);
    }
    expect(kb.handlers().getTextSize({})).toEqual({ percent: 150 });
  });

  it('reads a damaged stored value as the normal size', () => {
    const kb = open(tempDir());
    setSetting(kb.db, 'text_size', 'énorme');
    expect(kb.handlers().getTextSize({})).toEqual({ percent: 100 });
  });
});
