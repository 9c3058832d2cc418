// The page in real Chromium (Debian's chromium, driven by playwright-core): open a photo,
// paint a stroke with the mouse (or select an object with a box and strokes), press Remove;
// the result differs from the photo inside the mask and equals it outside. Screenshots go to
// the test's temp dir (and to $INPAINT_SCREENSHOT_DIR when set, which is how docs/serve-*.png
// are made).
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { createServer } from '../src/serve/server.js';
import { tempDir, write } from './helpers.js';
import { SELECTION_CASES, iou, truthMask } from './serve/selection-truth.js';
import type { SelectionCase } from './serve/selection-truth.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
const SAMPLE = new URL('../../../samples/photos/cat.jpg', import.meta.url).pathname;

let browser: Browser;
test.before(async () => {
  if (!CHROMIUM) throw new Error("no Chromium found: install Debian's chromium (.ci/run does), or set CHROMIUM_PATH");
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});
test.after.always(async () => { await browser?.close(); });

const servers: { close(): Promise<unknown> }[] = [];
test.after.always(() => Promise.all(servers.map((x) => x.close())));

/** A server on a free port that keeps the mask of every upload (what the page sent). */
async function start() {
  const masks: Buffer[] = [];
  const server = await createServer({ log: () => undefined, onUpload: (u) => { if (u.mask !== 'alpha') masks.push(u.mask); } });
  servers.push(server);
  return { url: await server.listen({ port: 0, host: '127.0.0.1' }), masks };
}

/** Open the page, load `file`, and paint one stroke through `points` (image coordinates). */
async function paint(page: Page, url: string, file: string, size: [number, number], points: [number, number][], brush?: number): Promise<void> {
  await page.goto(url);
  await page.setInputFiles('#file', file);
  await page.waitForFunction(`document.getElementById('status').textContent.includes(${JSON.stringify(`${size[0]}×${size[1]}`)})`);
  if (brush) await page.locator('#size').fill(String(brush));
  const box = (await page.locator('#view').boundingBox())!;
  const scale = Math.min(box.width / size[0], box.height / size[1], 1);
  const ox = box.x + (box.width - size[0] * scale) / 2, oy = box.y + (box.height - size[1] * scale) / 2;
  const at = ([x, y]: [number, number]) => [ox + x * scale, oy + y * scale] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

async function removeAndCheck(t: ExecutionContext, page: Page, input: string, masks: Buffer[]): Promise<{ inside: number; outside: number }> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/inpaint')), page.click('#remove')]);
  t.is(res.status(), 200, await res.text().catch(() => ''));
  await page.waitForFunction("document.getElementById('status').textContent.startsWith('Done')");
  // the result as the user gets it: the bytes behind the page's Download link
  const body = Buffer.from(await page.evaluate(`fetch(document.getElementById('download').href).then((r) => r.arrayBuffer()).then((b) => {
    let s = ''; const u = new Uint8Array(b); for (let i = 0; i < u.length; i += 32768) s += String.fromCharCode(...u.subarray(i, i + 32768)); return btoa(s);
  })`) as string, 'base64');
  const mask = await sharp(masks[masks.length - 1]).greyscale().raw().toBuffer({ resolveWithObject: true });
  const before = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const after = await sharp(body).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  t.deepEqual([after.info.width, after.info.height], [before.info.width, before.info.height]);
  t.deepEqual([mask.info.width, mask.info.height], [before.info.width, before.info.height], 'the mask is sent at the photo\'s full size');
  let inside = 0, changedInside = 0, changedOutside = 0;
  for (let p = 0; p < mask.data.length; p++) {
    const i = p * 3;
    const same = before.data[i] === after.data[i] && before.data[i + 1] === after.data[i + 1] && before.data[i + 2] === after.data[i + 2];
    if (mask.data[p] >= 128) { inside++; if (!same) changedInside++; } else if (!same) changedOutside++;
  }
  t.true(inside > 100, `the stroke covers ${inside} pixels`);
  t.true(changedInside > inside / 2, `${changedInside} of ${inside} stroke pixels changed`);
  t.is(changedOutside, 0, 'every pixel outside the stroke is unchanged');
  return { inside, outside: mask.data.length - inside };
}

test('paint a stroke on a photo, press Remove: changed inside the stroke, unchanged outside; keep painting on the result', async (t) => {
  const { url, masks } = await start();
  const dir = tempDir();
  const input = join(dir, 'cat.png');
  write(input, await sharp(SAMPLE).png().toBuffer()); // PNG: exact pixels outside the holes
  const { width, height } = await sharp(input).metadata();
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  await paint(page, url, input, [width!, height!], [[250, 120], [330, 160], [400, 150]], 30);
  const shot = join(dir, 'serve-page.png');
  await page.screenshot({ path: join(dir, 'serve-painted.png') });
  await removeAndCheck(t, page, input, masks);
  t.false(await page.locator('#compare').isDisabled(), 'before/after is available');
  t.regex((await page.locator('#download').getAttribute('href')) ?? '', /^blob:/);
  await page.screenshot({ path: shot });
  const keep = process.env.INPAINT_SCREENSHOT_DIR;
  if (keep) for (const f of ['serve-painted.png', 'serve-page.png']) copyFileSync(join(dir, f), join(keep, f));
  t.log(`screenshots: ${dir}`);
  // undo/redo by keyboard, then a second removal on the result
  await paint(page, url, input, [width!, height!], [[100, 300], [180, 320]], 20);
  await page.keyboard.press('Control+z');
  t.true(await page.locator('#remove').isDisabled(), 'undo removed the only stroke');
  await page.keyboard.press('Control+Shift+z');
  t.false(await page.locator('#remove').isDisabled(), 'redo brought it back');
  await removeAndCheck(t, page, input, masks);
  await page.close();
});

test('a 12-megapixel photo round-trips through the page', async (t) => {
  const { url, masks } = await start();
  const dir = tempDir();
  const input = join(dir, 'big.png');
  const W = 4000, H = 3000;
  const px = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) { const i = (y * W + x) * 3; px[i] = x & 255; px[i + 1] = y & 255; px[i + 2] = (x + y) >> 5 & 255; }
  write(input, await sharp(px, { raw: { width: W, height: H, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer());
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  await paint(page, url, input, [W, H], [[1500, 1200], [2200, 1500]], 12);
  const { inside } = await removeAndCheck(t, page, input, masks);
  t.true(inside > 10_000, `a stroke painted on the scaled view covers ${inside} full-size pixels`);
  await page.close();
});

test('five removals on a JPEG cost one JPEG generation: the page keeps a lossless working copy and encodes the download once', async (t) => {
  const uploads: { image: Buffer; mask: Buffer | 'alpha'; fields: Readonly<Record<string, string>> }[] = [];
  const server = await createServer({ log: () => undefined, onUpload: (u) => { uploads.push(u); } });
  servers.push(server);
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  const dir = tempDir();
  const input = join(dir, 'cat.jpg');
  write(input, await sharp(SAMPLE).jpeg({ quality: 90 }).toBuffer());
  const { width, height } = await sharp(input).metadata();
  const original = await sharp(input).raw().toBuffer();
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const strokes: [number, number][][] = [[[60, 60], [120, 80]], [[300, 60], [360, 90]], [[80, 300], [140, 320]], [[420, 280], [470, 300]], [[250, 380], [300, 400]]];
  await paint(page, url, input, [width!, height!], strokes[0], 20);
  for (let round = 0; round < strokes.length; round++) {
    if (round > 0) {
      const box = (await page.locator('#view').boundingBox())!;
      const scale = Math.min(box.width / width!, box.height / height!, 1);
      const ox = box.x + (box.width - width! * scale) / 2, oy = box.y + (box.height - height! * scale) / 2;
      await page.mouse.move(ox + strokes[round][0][0] * scale, oy + strokes[round][0][1] * scale);
      await page.mouse.down();
      await page.mouse.move(ox + strokes[round][1][0] * scale, oy + strokes[round][1][1] * scale, { steps: 8 });
      await page.mouse.up();
    }
    await page.click('#remove');
    // the removal has reached the server (the status now says 'Removing…'), then its 'Done'
    for (const t0 = Date.now(); uploads.filter((u) => u.fields.format === 'png').length <= round && Date.now() - t0 < 30_000;) await new Promise((r) => setTimeout(r, 50));
    await page.waitForFunction("document.getElementById('status').textContent.startsWith('Done')");
  }
  const removals = uploads.filter((u) => u.fields.format === 'png');
  t.is(removals.length, strokes.length, 'every Remove asks for the lossless working copy');
  // every working copy sent back equals the decoded JPEG outside the holes painted so far: no generation lost between rounds
  const holes = new Uint8Array(width! * height!);
  for (const [i, u] of removals.entries()) {
    if (i > 0) {
      t.is((await sharp(u.image).metadata()).format, 'png', `round ${i + 1} uploads the PNG working copy`);
      const px = await sharp(u.image).removeAlpha().raw().toBuffer();
      let changed = 0;
      for (let p = 0; p < holes.length; p++) if (!holes[p] && (px[p * 3] !== original[p * 3] || px[p * 3 + 1] !== original[p * 3 + 1] || px[p * 3 + 2] !== original[p * 3 + 2])) changed++;
      t.is(changed, 0, `round ${i + 1}: pixels outside the holes are the original's`);
    }
    const m = await sharp(u.mask as Buffer).greyscale().raw().toBuffer();
    for (let p = 0; p < holes.length; p++) if (m[p] >= 128) holes[p] = 1;
  }
  // the download: a JPEG, encoded once from the working copy
  const body = Buffer.from(await page.evaluate(`fetch(document.getElementById('download').href).then((r) => r.arrayBuffer()).then((b) => {
    let s = ''; const u = new Uint8Array(b); for (let i = 0; i < u.length; i += 32768) s += String.fromCharCode(...u.subarray(i, i + 32768)); return btoa(s);
  })`) as string, 'base64');
  t.is((await sharp(body).metadata()).format, 'jpeg');
  t.regex((await page.locator('#download').getAttribute('download')) ?? '', /-inpainted\.jpg$/);
  await page.close();
});

/** Drag the mouse from one point of the photo to others (image coordinates; the view fits the photo). */
async function drag(page: Page, size: [number, number], points: [number, number][]): Promise<void> {
  const view = (await page.locator('#view').boundingBox())!;
  const scale = Math.min(view.width / size[0], view.height / size[1], 1);
  const ox = view.x + (view.width - size[0] * scale) / 2, oy = view.y + (view.height - size[1] * scale) / 2;
  const at = ([x, y]: [number, number]) => [ox + x * scale, oy + y * scale] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

/** Do `action` and wait for the selection it asks for to be shown; the answer's status and selected pixels. */
async function selected(page: Page, action: () => Promise<void>): Promise<{ status: number; pixels: number }> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/select')), action()]);
  await page.waitForFunction("/^(Selected|Could not select)/.test(document.getElementById('status').textContent)");
  return { status: res.status(), pixels: Number(await res.headerValue('x-selection-pixels')) };
}

/** Open the case's photo (as PNG: exact pixels outside the holes), drag its box, draw its strokes with + Object / − Keep. */
async function selectCase(t: ExecutionContext, page: Page, url: string, c: SelectionCase): Promise<{ input: string; size: [number, number]; dir: string }> {
  const dir = tempDir();
  const input = join(dir, 'photo.png');
  write(input, await sharp(c.photo).png().toBuffer());
  const { width, height } = await sharp(input).metadata();
  const size: [number, number] = [width!, height!];
  await page.goto(url);
  await page.setInputFiles('#file', input);
  await page.waitForFunction(`document.getElementById('status').textContent.includes(${JSON.stringify(`${width}×${height}`)})`);
  await page.click('#select');
  const [x, y, w, h] = c.box;
  const first = await selected(page, () => drag(page, size, [[x, y], [x + w, y + h]]));
  t.is(first.status, 200);
  t.true(first.pixels > 0);
  for (const s of c.strokes) {
    await page.click(s.mode === 'remove' ? '#markObject' : '#markKeep');
    await page.locator('#size').fill(String(s.size)); // the view shows the 640 px photo at 1:1
    t.is((await selected(page, () => drag(page, size, s.points))).status, 200);
  }
  return { input, size, dir };
}

test('select the table with a box, a + Object and a − Keep stroke, press Remove: the mask sent is the table (IoU >= 0.8 with the hand-made truth), the fill changes it and nothing else', async (t) => {
  const { url, masks } = await start();
  const c = SELECTION_CASES.table;
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const { input, dir } = await selectCase(t, page, url, c);
  await page.screenshot({ path: join(dir, 'serve-select.png') });
  await removeAndCheck(t, page, input, masks);
  const sent = await sharp(masks[masks.length - 1]).extractChannel(0).raw().toBuffer();
  const score = iou(sent, (await truthMask(c)).data);
  t.log(`the table: IoU ${score.toFixed(3)} of the mask Remove sent with the hand-made truth`);
  t.true(score >= 0.8, `IoU ${score.toFixed(3)}`);
  await page.screenshot({ path: join(dir, 'serve-selected-removed.png') });
  const keep = process.env.INPAINT_SCREENSHOT_DIR;
  if (keep) for (const f of ['serve-select.png', 'serve-selected-removed.png']) copyFileSync(join(dir, f), join(keep, f));
  await page.close();
});

test('select the cat\'s nose with a box alone; the Grow slider grows and shrinks the selection in the photo\'s pixels; Remove fills what is selected', async (t) => {
  const { url, masks } = await start();
  const c = SELECTION_CASES.nose;
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const { input } = await selectCase(t, page, url, c);
  const grown = await selected(page, () => page.locator('#grow').fill('8'));
  const shrunk = await selected(page, () => page.locator('#grow').fill('-4'));
  t.true(shrunk.pixels < grown.pixels - 8 * 150, `shrunk ${shrunk.pixels}, grown ${grown.pixels}`);
  await selected(page, () => page.locator('#grow').fill('0'));
  const { inside } = await removeAndCheck(t, page, input, masks);
  const sent = await sharp(masks[masks.length - 1]).extractChannel(0).raw().toBuffer();
  const score = iou(sent, (await truthMask(c)).data);
  t.true(score >= 0.8, `IoU ${score.toFixed(3)}, ${inside} pixels`);
  // after Remove the selection is gone: the next one starts from the result
  t.true(await page.locator('#markObject').isDisabled());
  await page.close();
});
