import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textPdf } from '../core/documents/test-documents/generate';
import { tempDir } from '../core/test-support/temp-dir';
import { exitCodes, runCli } from './run-cli';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kits-ess documents', () => {
  it('adds files (one refused does not stop the others), lists them, finds a page, removes with --yes only', async () => {
    const dataDir = tempDir();
    const files = tempDir();
    const pdf = path.join(files, 'fiche12_kitdepartementaless.pdf');
    fs.writeFileSync(pdf, await textPdf([['Première page.'], ['Le pôle territorial de coopération économique du Gapençais.']], 'Fiche 12'));
    const fake = path.join(files, 'faux.pdf');
    fs.writeFileSync(fake, 'pas un PDF');

    const added = await run('documents', 'add', pdf, fake, '--data-dir', dataDir);
    expect(added.code).toBe(exitCodes.badInput);
    expect(added.out).toContain('« Fiche 12 » est importé (2 pages).');
    expect(added.out).toMatch(/C’est la fiche n° 12 de DépartementalESS/);
    expect(added.err).toContain(`${fake} : « faux.pdf » n’est pas un fichier PDF valide`);
    expect(added.err).toContain('1 fichier non importé(s).');

    const again = await run('documents', 'add', pdf, '--data-dir', dataDir);
    expect(again).toMatchObject({ code: 0, out: '« Fiche 12 » est déjà dans la bibliothèque.' });

    const list = JSON.parse((await run('documents', 'list', '--json', '--data-dir', dataDir)).out) as { id: string; title: string; pageCount: number }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ title: 'Fiche 12', pageCount: 2 });
    const id = list[0]?.id ?? '';
    const lines = (await run('documents', 'list', '--data-dir', dataDir)).out.split('\n');
    expect(lines[0]).toBe('1 document');
    expect(lines[1]).toMatch(new RegExp(`^${id.slice(0, 12)}  Fiche 12 \\(PDF, 2 pages, [\\d,]+ [kKM]?o\\)$`));

    // An original gone from the data folder (a base restored elsewhere) is said in the list; the same file brings it back.
    fs.rmSync(path.join(dataDir, 'documents', id));
    expect((await run('documents', 'list', '--data-dir', dataDir)).out).toContain(
      ', fichier d’origine absent : importez de nouveau ce document pour le retrouver (kits-ess documents add))',
    );
    expect(await run('documents', 'add', pdf, '--data-dir', dataDir)).toMatchObject({ code: 0, out: '« Fiche 12 » retrouve son fichier d’origine : il se lit de nouveau.' });
    expect((await run('documents', 'list', '--data-dir', dataDir)).out).not.toContain('absent');

    const found = JSON.parse((await run('search', 'gapencais', '--json', '--data-dir', dataDir)).out) as { hits: { type: string; page?: number; id?: string }[] };
    expect(found.hits.find((hit) => hit.type === 'document')).toMatchObject({ type: 'document', page: 2, id });

    const refused = await run('documents', 'remove', id.slice(0, 8), '--data-dir', dataDir);
    expect(refused.code).toBe(exitCodes.usage);
    expect(refused.err).toContain('Retirer « Fiche 12 » de la bibliothèque ? Confirmez avec --yes');
    expect(JSON.parse((await run('documents', 'list', '--json', '--data-dir', dataDir)).out)).toHaveLength(1);

    const removed = await run('documents', 'remove', id.slice(0, 8), '--yes', '--data-dir', dataDir);
    expect(removed).toMatchObject({ code: 0, out: '« Fiche 12 » a été retiré de la bibliothèque.' });
    expect(JSON.parse((await run('documents', 'list', '--json', '--data-dir', dataDir)).out)).toEqual([]);
  }, 120_000);
});
