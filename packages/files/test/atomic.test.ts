import test from 'ava';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_MARKER, removeStaleTemporaries, writeFileAtomic } from '../src/atomic.js';
import { tempDir, write } from './helpers.js';

test('writeFileAtomic creates folders, writes the whole file, leaves no temporary', async (t) => {
  const d = tempDir();
  const target = join(d, 'a/b/out.bin');
  await writeFileAtomic(target, new Uint8Array([1, 2, 3]));
  t.deepEqual([...readFileSync(target)], [1, 2, 3]);
  t.deepEqual(readdirSync(join(d, 'a/b')), ['out.bin']);
  await writeFileAtomic(target, new Uint8Array([9]));
  t.deepEqual([...readFileSync(target)], [9], 'replaces an existing file whole');
});

test('a failed write leaves neither the target nor a temporary', async (t) => {
  const d = tempDir();
  write(join(d, 'target-is-a-dir/x'), 'x');
  await t.throwsAsync(writeFileAtomic(join(d, 'target-is-a-dir'), new Uint8Array([1])));
  t.deepEqual(readdirSync(d).filter((f) => f.includes(TEMP_MARKER)), []);
});

test('removeStaleTemporaries removes marked files anywhere in the tree and nothing else', async (t) => {
  const d = tempDir();
  const stale = [`.a.jpg${TEMP_MARKER}123-abcd`, `sub/.b.png${TEMP_MARKER}9-ffff`];
  for (const f of [...stale, 'a.jpg', 'sub/b.png']) write(join(d, f), 'x');
  t.is(await removeStaleTemporaries(d), 2);
  for (const f of stale) t.false(existsSync(join(d, f)));
  t.true(existsSync(join(d, 'a.jpg')) && existsSync(join(d, 'sub/b.png')));
  t.is(await removeStaleTemporaries(join(d, 'missing')), 0, 'a missing folder is fine');
});

test('writeAtomically: a writer fills the temporary, which is renamed over the target; a failing writer leaves nothing', async (t) => {
  const { writeAtomically } = await import('../src/atomic.js');
  const { writeFile } = await import('node:fs/promises');
  const d = tempDir();
  await writeAtomically(join(d, 'out/x.txt'), (temporary) => writeFile(temporary, 'whole'));
  t.is(readFileSync(join(d, 'out/x.txt'), 'utf8'), 'whole');
  await t.throwsAsync(writeAtomically(join(d, 'out/y.txt'), async (temporary) => { await writeFile(temporary, 'half'); throw new Error('encoder failed'); }), { message: 'encoder failed' });
  t.deepEqual(readdirSync(join(d, 'out')), ['x.txt']);
});
