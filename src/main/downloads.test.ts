import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeDownloadPath } from './downloads';

describe('downloads of the desktop app', () => {
  it('never replace a file already in the Downloads folder', () => {
    const taken = new Set([path.join('/dl', 'notes.docx'), path.join('/dl', 'notes (1).docx')]);
    expect(freeDownloadPath('/dl', 'notes.docx', (file) => taken.has(file))).toBe(path.join('/dl', 'notes (2).docx'));
    expect(freeDownloadPath('/dl', 'projets.csv', (file) => taken.has(file))).toBe(path.join('/dl', 'projets.csv'));
  });

  it('keep a name the page gives inside the folder', () => {
    expect(freeDownloadPath('/dl', '../../etc/notes.docx', () => false)).toBe(path.join('/dl', 'notes.docx'));
  });
});
