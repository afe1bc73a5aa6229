import { spawn } from 'node:child_process';
import { projectRoot } from '../app-paths';

/**
 * Runs a TypeScript fixture in its own Node process and kills it with SIGKILL at a random moment,
 * up to `maxDelayMs` after its output first contains `armedBy`. Resolves with everything it
 * printed; rejects if it exits on its own (the kill came too late to test anything).
 */
export function killAtRandom(script: string, args: string[], env: Record<string, string | undefined>, armedBy: string, maxDelayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!timer && output.includes(armedBy)) timer = setTimeout(() => child.kill('SIGKILL'), Math.random() * maxDelayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`${script} exited on its own (${code}): ${errors}`));
      else resolve(output);
    });
  });
}
