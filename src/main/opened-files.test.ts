import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-support/temp-dir';
import { filesToOpen } from './opened-files';

describe('files handed to the app on its command line', () => {
  it('keeps existing kit updates and exchange files, relative to the launch folder', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'mise-a-jour.ZIP'), '');
    fs.writeFileSync(path.join(dir, 'echange.json'), '');
    fs.writeFileSync(path.join(dir, 'notes.txt'), '');
    fs.mkdirSync(path.join(dir, 'dossier.zip'));
    const argv = ['/opt/Kits ESS/kits-ess', '--no-sandbox', 'mise-a-jour.ZIP', path.join(dir, 'echange.json'), 'notes.txt', 'absent.zip', 'dossier.zip', '--data=x.zip'];
    expect(filesToOpen(argv, dir)).toEqual([path.join(dir, 'mise-a-jour.ZIP'), path.join(dir, 'echange.json')]);
  });
});
