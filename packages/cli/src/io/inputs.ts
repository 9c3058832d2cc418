/**
 * Expanding the inputs of `inpaint run`: files, directories (recursive) and globs, each
 * file with the base its relative output path is taken from.
 */
import { stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { IMAGE_EXTENSIONS, isMaskFile } from '@inpaint/files';
import fg from 'fast-glob';

export interface InputFile {
  readonly path: string;
  /** Path relative to its input's base (directory input: the directory; glob: its static part; file: its folder). */
  readonly relative: string;
}

const imageGlob = `**/*.{${IMAGE_EXTENSIONS.flatMap((e) => [e, e.toUpperCase()]).join(',')}}`;

function staticBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const p of parts) {
    if (p !== '' && fg.isDynamicPattern(p)) break;
    fixed.push(p);
  }
  return fixed.join('/') || '.';
}

/**
 * @param exclude absolute paths whose files are never inputs (the masks and output folders)
 * @returns files in a stable order; a path given twice appears once
 * @example
 * const { files, missing } = await expandInputs(['photos/', 'more/*.png'], ['out/']);
 */
export async function expandInputs(inputs: readonly string[], exclude: readonly string[] = []): Promise<{ files: InputFile[]; missing: string[] }> {
  const out = new Map<string, InputFile>();
  const missing: string[] = [];
  const ex = exclude.map((e) => resolve(e));
  const excluded = (p: string) => ex.some((e) => p === e || p.startsWith(e + sep)) || isMaskFile(p);
  const add = (path: string, base: string) => {
    const abs = resolve(path);
    if (!excluded(abs) && !out.has(abs)) out.set(abs, { path: abs, relative: relative(resolve(base), abs) });
  };
  for (const input of inputs) {
    if (fg.isDynamicPattern(input)) {
      const base = staticBase(input);
      const found = await fg(input, { onlyFiles: true, absolute: true, caseSensitiveMatch: false });
      if (found.length === 0) missing.push(input);
      for (const f of found.sort()) add(f, base);
      continue;
    }
    let info;
    try {
      info = await stat(input);
    } catch {
      missing.push(input);
      continue;
    }
    if (info.isDirectory()) {
      const found = await fg(imageGlob, { cwd: input, onlyFiles: true, absolute: true });
      for (const f of found.sort()) add(f, input);
    } else {
      add(input, dirname(input));
    }
  }
  return { files: [...out.values()], missing };
}
