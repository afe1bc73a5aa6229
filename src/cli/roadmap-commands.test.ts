import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { fileHash, tempDir } from '../core/test-support/temp-dir';
import { exitCodes, runCli } from './run-cli';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kits-ess levers and roadmap', () => {
  it('lists levers with their identifiers, adds them to the roadmap and exports it in three formats', async () => {
    const dataDir = tempDir();
    const levers = await run('levers', '--kit', 'departementaless', '--data-dir', dataDir);
    expect(levers.code).toBe(exitCodes.ok);
    expect(levers.out).toContain('DépartementalESS, fiche 3 : L’économie sociale et solidaire dans les compétences départementales');
    expect(levers.out).toMatch(/^ {2}departementaless-03-associer-l-ess-au-pdi-et-au-pti\tAu titre de l’insertion et du RSA › Associer l’ESS au PDI et au PTI$/m);
    const json = JSON.parse((await run('levers', '--json', '--data-dir', dataDir)).out) as { id: string; title: string }[];
    expect(json.every((lever) => lever.title.length > 0)).toBe(true);

    const added = await run('roadmap', 'add', 'departementaless-03-associer-l-ess-au-pdi-et-au-pti', '--status', 'engagé', '--data-dir', dataDir);
    expect(added).toMatchObject({ code: exitCodes.ok, out: 'Levier « Associer l’ESS au PDI et au PTI » ajouté à « Programme de campagne » (Engagé).' });
    expect((await run('roadmap', '--data-dir', dataDir)).out).toBe('Associer l’ESS au PDI et au PTI (DépartementalESS, fiche 3) : Engagé · Sans échéance');

    const docx = path.join(dataDir, 'feuille.docx');
    expect((await run('roadmap', '--out', docx, '--data-dir', dataDir)).code).toBe(exitCodes.ok);
    expect((await mammoth.extractRawText({ path: docx })).value).toContain('Associer l’ESS au PDI et au PTI');
    const csv = path.join(dataDir, 'feuille.csv');
    expect((await run('roadmap', '--out', csv, '--by', 'status', '--data-dir', dataDir)).code).toBe(exitCodes.ok);
    const [header, row] = fs.readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.split(';').slice(0, 2)).toEqual(['"Groupe"', '"Levier"']);
    expect(row).toMatch(/^"Engagé";"Associer l’ESS au PDI et au PTI";"Au titre de l’insertion et du RSA";"DépartementalESS";/);
    const md = path.join(dataDir, 'feuille.md');
    expect((await run('roadmap', '--out', md, '--data-dir', dataDir)).code).toBe(exitCodes.ok);
    expect(fs.readFileSync(md, 'utf8')).toContain('### Associer l’ESS au PDI et au PTI');
  });

  it('refuses bad statuses, unknown levers and unknown formats in French, database unchanged', async () => {
    const dataDir = tempDir();
    await run('roadmap', 'add', 'departementaless-03-associer-l-ess-au-pdi-et-au-pti', '--data-dir', dataDir);
    const database = path.join(dataDir, 'kits-ess.sqlite');
    const hash = fileHash(database);
    expect(await run('roadmap', 'add', 'departementaless-03-collèges', '--data-dir', dataDir)).toMatchObject({ code: exitCodes.badInput });
    expect(await run('roadmap', 'add', 'departementaless-03-inconnu', '--data-dir', dataDir)).toMatchObject({
      code: exitCodes.badInput,
      err: 'Levier inconnu : « departementaless-03-inconnu ». La commande « kits-ess levers » les liste avec leurs identifiants.',
    });
    const badStatus = await run('roadmap', 'add', 'departementaless-03-soutenir-l-innovation-des-associations-de-l-enfance', '--status', 'fini', '--data-dir', dataDir);
    expect(badStatus.code).toBe(exitCodes.badInput);
    expect(badStatus.err).toContain('Statut inconnu : envisage, retenu, engage, realise ou abandonne');
    expect(await run('roadmap', 'add', 'departementaless-03-associer-l-ess-au-pdi-et-au-pti', '--data-dir', dataDir)).toMatchObject({
      code: exitCodes.badInput,
      err: 'Le levier « Associer l’ESS au PDI et au PTI » est déjà dans « Programme de campagne ».',
    });
    expect((await run('roadmap', '--out', path.join(dataDir, 'feuille.pdf'), '--data-dir', dataDir)).code).toBe(exitCodes.usage);
    expect((await run('roadmap', 'retirer', 'x', '--data-dir', dataDir)).code).toBe(exitCodes.usage);
    expect(fileHash(database)).toBe(hash);
  });
});
