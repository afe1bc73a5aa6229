import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KbError } from '../../shared/errors';
import { bundledContentDir } from '../app-paths';
import { ficheMd, kitYaml, validPackFiles, vocabularyYaml, writePack } from '../test-support/packs';
import { maxContentFileBytes, readPack } from './read-pack';

/** The `path:line: reason` lines of a refused pack. */
function problemsOf(root: string): string[] {
  try {
    readPack(root, 'paquet');
  } catch (error) {
    expect(error).toBeInstanceOf(KbError);
    expect((error as KbError).message).toMatch(/est refusé .* rien n’a été importé/);
    return (error as KbError).details;
  }
  throw new Error('the pack was accepted');
}

describe('readPack', () => {
  it('reads the content shipped with the app', () => {
    const pack = readPack(bundledContentDir);
    expect(pack.kits.map((kit) => kit.slug)).toEqual(['departementaless', 'municipaless', 'regionaless']);
    expect(pack.glossary?.length).toBeGreaterThan(30);
  });

  it('reads a valid pack, fiches in number order, with plain text and hashes', () => {
    const pack = readPack(writePack(validPackFiles()));
    const [kit] = pack.kits;
    expect(kit?.slug).toBe('essai');
    expect(kit?.fiches.map((f) => [f.number, f.slug, f.title])).toEqual([
      [1, 'premiere-fiche', 'Première fiche'],
      [2, 'deuxieme-fiche', 'Deuxième fiche'],
    ]);
    expect(kit?.fiches[0]?.bodyText).toBe('L’essentiel\n\nLes coopératives agissent.');
    expect(kit?.meta.missing).toEqual([{ number: 3 }]);
    expect(pack.edition).toBe('2026-01-01');
    expect(pack.glossary).toBeNull();
  });

  it('locates invalid YAML at its file line', () => {
    const files = validPackFiles();
    files['essai/01-premiere-fiche.md'] = '---\nnumero: 1\ntitre: "non fermé\nresume: x\n---\n\nTexte';
    const problems = problemsOf(writePack(files));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(new RegExp(`^${path.join('paquet', 'essai', '01-premiere-fiche.md')}:\\d+: YAML invalide`));
  });

  it('reports every missing field, unknown term and wrong number with its line', () => {
    const files = validPackFiles();
    files['essai/01-premiere-fiche.md'] = [
      '---',
      'numero: 4',
      'titre: Première fiche',
      'themes:',
      '  - coopération',
      '  - astrologie',
      'source: http://exemple.fr',
      '---',
      '',
      'Texte.',
    ].join('\n');
    const problems = problemsOf(writePack(files));
    const file = path.join('paquet', 'essai', '01-premiere-fiche.md');
    expect(problems).toContain(`${file}:7: source : L’adresse doit commencer par https://.`);
    expect(problems.some((p) => p.startsWith(`${file}:2: resume :`))).toBe(true);
    // Field errors are reported first; vocabulary and numbering are checked once the fields are valid.
    files['essai/01-premiere-fiche.md'] = ficheMd(4, 'Première fiche', 'Texte.', ['coopération', 'astrologie']);
    const second = problemsOf(writePack(files));
    expect(second).toContain(`${file}:2: le numéro 4 ne correspond pas au nom du fichier (01-…).`);
    expect(second).toContain(`${file}:7: thème « astrologie » absent du vocabulaire (vocabulaire.yml).`);
  });

  it('refuses duplicate numbers, fiches declared missing, bad file names and files without front matter', () => {
    const files = validPackFiles();
    files['essai/001-doublon.md'] = ficheMd(1, 'Doublon', 'Texte.');
    files['essai/03-manquante.md'] = ficheMd(3, 'Manquante', 'Texte.');
    files['essai/Notes.md'] = 'notes';
    files['essai/04-sans-entete.md'] = '# Titre\n\nPas d’en-tête.';
    const problems = problemsOf(writePack(files)).join('\n');
    expect(problems).toMatch(/01-premiere-fiche\.md:2: numéro 1 déjà utilisé par .*001-doublon\.md/);
    expect(problems).toMatch(/kit\.yml:9: la fiche 3 est déclarée manquante mais le fichier .*03-manquante\.md existe/);
    expect(problems).toMatch(/Notes\.md:1: nom de fichier non conforme/);
    expect(problems).toMatch(/04-sans-entete\.md:1: en-tête YAML absent/);
  });

  it('refuses an invalid kit.yml and a missing vocabulary', () => {
    const files = validPackFiles();
    files['essai/kit.yml'] = kitYaml('hier').replace('scale: commune', 'scale: canton');
    delete files['vocabulaire.yml'];
    const problems = problemsOf(writePack(files)).join('\n');
    expect(problems).toMatch(/vocabulaire\.yml:1: fichier introuvable/);
    expect(problems).toMatch(/kit\.yml:2: scale : /);
    expect(problems).toMatch(/kit\.yml:4: edition : L’édition doit être une date/);
  });

  it('refuses files that are too large or not UTF-8 text, without reading them whole', () => {
    const root = writePack(validPackFiles());
    fs.writeFileSync(path.join(root, 'essai', '02-deuxieme-fiche.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe]));
    const big = path.join(root, 'essai', '04-enorme.md');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, maxContentFileBytes + 1);
    const problems = problemsOf(root).join('\n');
    expect(problems).toMatch(/02-deuxieme-fiche\.md:1: le fichier n’est pas un texte encodé en UTF-8/);
    expect(problems).toMatch(/04-enorme\.md:1: fichier trop volumineux/);
  });

  it('refuses levers without a title under « Au titre de … », at their file line (content/STYLE.md)', () => {
    const body = [
      '## Ce que peut faire la collectivité',
      '',
      '### Au titre de la commande publique',
      '',
      '- **Réserver des marchés.** Aux structures d’insertion.',
      '',
      'Un paragraphe sans titre.',
      '',
      '### Agir',
      '',
      'Un levier sous son titre.',
    ].join('\n');
    const files = { ...validPackFiles(), 'essai/04-leviers.md': ficheMd(4, 'Leviers', body) };
    const bodyLine = ficheMd(4, 'Leviers', body).split('\n').indexOf('## Ce que peut faire la collectivité') + 1;
    expect(problemsOf(writePack(files))).toEqual([
      `paquet/essai/04-leviers.md:${bodyLine + 6}: texte hors levier sous « Au titre de la commande publique » : chaque levier est un élément de liste qui commence par un titre en gras.`,
    ]);
  });

  it('refuses a folder without any kit', () => {
    expect(problemsOf(writePack({ 'vocabulaire.yml': vocabularyYaml }))).toEqual([
      'paquet:1: aucun kit trouvé (un dossier par kit, contenant kit.yml).',
    ]);
  });
});
