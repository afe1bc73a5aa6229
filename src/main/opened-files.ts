import fs from 'node:fs';
import path from 'node:path';

/** The kinds of file the app is associated with (electron-builder.yml fileAssociations). */
const openableExtensions = new Set(['.zip', '.json']);

/**
 * The files a launch was asked to open (Windows and Linux pass them on the command line, to the
 * first launch or through `second-instance`): existing .zip packs and .json exchange files,
 * never an option nor the app's own path.
 */
export function filesToOpen(argv: readonly string[], workingDirectory: string): string[] {
  return argv
    .filter((arg) => !arg.startsWith('-') && openableExtensions.has(path.extname(arg).toLowerCase()))
    .map((arg) => path.resolve(workingDirectory, arg))
    .filter((file) => {
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    });
}
