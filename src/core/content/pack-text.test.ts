import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../knowledge-base';
import { validPackFiles, writePack } from '../test-support/packs';
import { tempDir } from '../test-support/temp-dir';

describe('text of a content pack', () => {
  it('reaches the base without NUL characters', () => {
    const files = validPackFiles();
    files['essai/01-premiere-fiche.md'] = (files['essai/01-premiere-fiche.md'] ?? '').replace('Les coopératives agissent.', 'Les coopé\u0000ratives agissent.');
    const kb = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test' });
    kb.importPack(writePack(files));
    const fiche = kb.handlers().getFiche({ kit: 'essai', number: 1 });
    expect(fiche.bodyMd).toContain('Les coopératives agissent.');
    expect(kb.db.prepare("SELECT count(*) AS n FROM fiches WHERE instr(body_md || body_text || title, char(0)) > 0").get()).toEqual({ n: 0 });
    kb.close();
  });

  it('reaches the base without NUL or half characters written as escapes in quoted YAML', () => {
    const files = validPackFiles();
    files['essai/01-premiere-fiche.md'] = (files['essai/01-premiere-fiche.md'] ?? '').replace(/^titre: .*$/m, 'titre: "Premi\\0ère fiche \\ud800"');
    const kb = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test' });
    kb.importPack(writePack(files));
    expect(kb.handlers().getFiche({ kit: 'essai', number: 1 }).title).toBe('Première fiche \uFFFD');
    kb.close();
  });
});
