// The mask-painting page of `inpaint serve`. The photo is shown scaled (zoom / pan); the mask
// is painted at the photo's full size in an offscreen canvas (white = hole), and sent with
// the photo to POST /api/inpaint. Strokes are kept as point lists, so undo / redo
// replays them instead of keeping full-size snapshots (a 24-megapixel mask is 96 MB).
// Between removals the page keeps a lossless working copy (the server answers in PNG), so
// five removals on a JPEG are not five JPEG generations: the download is encoded once, in
// the input's format.
// Select: drag a box around an object and POST /api/select answers its mask (GrabCut on the
// server, white = the object); + Object / − Keep strokes correct it, the Grow slider grows or
// shrinks it in the photo's pixels (the server keeps the segmentation, so only the growing is
// redone). The selection joins the painted strokes in the mask that Remove sends.

const $ = (id) => document.getElementById(id);
const view = $('view');
const ctx = view.getContext('2d');

const state = {
  image: null, // ImageBitmap of the current photo (the original, or the last result)
  blob: null, // its encoded bytes, sent to the server: the opened file, then the lossless (PNG) working copy
  name: 'image.png',
  format: 'png', // the opened file's format: the download is encoded in it, once
  before: null, // the photo before the last removal, for the before/after toggle
  showBefore: false,
  mask: null, // full-size canvas, black with white strokes (sent)
  overlay: null, // full-size canvas, transparent with red strokes (shown)
  strokes: [],
  redo: [],
  current: null,
  erase: false,
  tool: 'brush', // brush | eraser | select | object | keep
  selection: null, // { box: [x, y, w, h], strokes: [{ mode, size, points }], grow, mask: ImageBitmap, overlay: canvas, pixels }
  dragBox: null, // [[x, y], [x, y]] while a box is dragged
  selStroke: null, // the + Object / − Keep stroke being drawn
  selectSeq: 0, // the latest selection request (older answers are dropped)
  size: 40, // brush diameter in screen pixels
  scale: 1, ox: 0, oy: 0, // image → screen: x * scale + ox
  panning: null,
  spaceDown: false,
  busy: false,
};

function status(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

function fullCanvas(w, h) {
  const c = document.createElement('canvas');
  c.width = w; c.height = h;
  return c;
}

function resetMask() {
  const { width: w, height: h } = state.image;
  state.mask = fullCanvas(w, h);
  const m = state.mask.getContext('2d');
  m.fillStyle = '#000'; m.fillRect(0, 0, w, h);
  state.overlay = fullCanvas(w, h);
  state.strokes = []; state.redo = [];
  state.selection = null; state.dragBox = null; state.selStroke = null; state.selectSeq++;
}

function paintSegment(stroke, a, b) {
  for (const [canvas, colour, op] of [[state.mask, stroke.erase ? '#000' : '#fff', 'source-over'], [state.overlay, '#ff3b3b', stroke.erase ? 'destination-out' : 'source-over']]) {
    const c = canvas.getContext('2d');
    c.globalCompositeOperation = op;
    c.strokeStyle = colour; c.fillStyle = colour;
    c.lineWidth = stroke.size; c.lineCap = 'round'; c.lineJoin = 'round';
    c.beginPath();
    if (a === b) { c.arc(a[0], a[1], stroke.size / 2, 0, Math.PI * 2); c.fill(); }
    else { c.moveTo(a[0], a[1]); c.lineTo(b[0], b[1]); c.stroke(); }
  }
}

function replay() {
  const { width: w, height: h } = state.image;
  const m = state.mask.getContext('2d');
  m.globalCompositeOperation = 'source-over'; m.fillStyle = '#000'; m.fillRect(0, 0, w, h);
  state.overlay.getContext('2d').clearRect(0, 0, w, h);
  if (state.selection?.mask) {
    m.drawImage(state.selection.mask, 0, 0);
    state.overlay.getContext('2d').drawImage(state.selection.overlay, 0, 0);
  }
  for (const s of state.strokes) s.points.forEach((p, i) => paintSegment(s, i ? s.points[i - 1] : p, p));
  render();
}

function fit() {
  if (!state.image) return;
  const r = view.getBoundingClientRect();
  state.scale = Math.min(r.width / state.image.width, r.height / state.image.height, 1);
  state.ox = (r.width - state.image.width * state.scale) / 2;
  state.oy = (r.height - state.image.height * state.scale) / 2;
  render();
}

function zoom(factor, cx, cy) {
  const r = view.getBoundingClientRect();
  cx ??= r.width / 2; cy ??= r.height / 2;
  const s = Math.min(32, Math.max(0.02, state.scale * factor));
  state.ox = cx - ((cx - state.ox) * s) / state.scale;
  state.oy = cy - ((cy - state.oy) * s) / state.scale;
  state.scale = s;
  render();
}

let frame = 0;
function render() {
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(() => {
    const r = view.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    if (view.width !== Math.round(r.width * dpr) || view.height !== Math.round(r.height * dpr)) {
      view.width = Math.round(r.width * dpr); view.height = Math.round(r.height * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, r.width, r.height);
    const img = state.showBefore && state.before ? state.before : state.image;
    if (!img) return;
    ctx.imageSmoothingEnabled = state.scale < 1;
    ctx.drawImage(img, state.ox, state.oy, img.width * state.scale, img.height * state.scale);
    if (!state.showBefore) {
      ctx.globalAlpha = 0.5;
      ctx.drawImage(state.overlay, state.ox, state.oy, img.width * state.scale, img.height * state.scale);
      ctx.globalAlpha = 1;
      drawSelectionMarks();
    }
  });
}

/** The box being dragged or the selection's, and its strokes, on the view (screen pixels). */
function drawSelectionMarks() {
  const at = (x, y) => [state.ox + x * state.scale, state.oy + y * state.scale];
  const box = state.dragBox ? boxOf(state.dragBox) : state.selection?.box;
  if (box) {
    ctx.setLineDash([6, 4]); ctx.strokeStyle = '#4f8cff'; ctx.lineWidth = 1.5;
    ctx.strokeRect(...at(box[0], box[1]), box[2] * state.scale, box[3] * state.scale);
    ctx.setLineDash([]);
  }
  for (const s of [...(state.selection?.strokes ?? []), ...(state.selStroke ? [state.selStroke] : [])]) {
    ctx.strokeStyle = s.mode === 'remove' ? '#ffd23b' : '#3bff8a'; ctx.globalAlpha = 0.7;
    ctx.lineWidth = Math.max(1, s.size * state.scale); ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    ctx.beginPath(); ctx.moveTo(...at(...s.points[0]));
    for (const p of s.points) ctx.lineTo(...at(...p));
    ctx.stroke(); ctx.globalAlpha = 1;
  }
}

/** Two corners as a box [x, y, w, h] in whole pixels, clipped to the photo. */
function boxOf([[ax, ay], [bx, by]]) {
  const { width: w, height: h } = state.image;
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx))), y0 = Math.max(0, Math.floor(Math.min(ay, by)));
  const x1 = Math.min(w, Math.ceil(Math.max(ax, bx))), y1 = Math.min(h, Math.ceil(Math.max(ay, by)));
  return [x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)];
}

/** The mask (white = selected) as a red overlay whose opacity is the mask. */
function tinted(mask) {
  const c = fullCanvas(mask.width, mask.height);
  const g = c.getContext('2d');
  g.drawImage(mask, 0, 0);
  const px = g.getImageData(0, 0, c.width, c.height);
  const d = px.data;
  for (let i = 0; i < d.length; i += 4) { d[i + 3] = d[i]; d[i] = 255; d[i + 1] = 59; d[i + 2] = 59; }
  g.putImageData(px, 0, 0);
  return c;
}

/** Ask the server for the selection's mask (box, strokes, grow); a newer ask wins. */
async function requestSelection() {
  const sel = state.selection;
  if (!sel) return;
  const seq = ++state.selectSeq;
  status('Selecting…');
  const t0 = performance.now();
  try {
    const strokes = sel.strokes.map((s) => ({ mode: s.mode, size: Math.round(s.size * 10) / 10, points: s.points.map(([x, y]) => [Math.round(x), Math.round(y)]) }));
    const res = await post({ image: state.blob, box: JSON.stringify(sel.box), strokes: JSON.stringify(strokes), grow: String(sel.grow) }, 'api/select');
    const mask = await createImageBitmap(await res.blob());
    if (seq !== state.selectSeq) return;
    sel.mask = mask; sel.overlay = tinted(mask); sel.pixels = Number(res.headers.get('X-Selection-Pixels'));
    replay(); controls();
    status(`Selected ${sel.pixels} pixels in ${Math.round(performance.now() - t0)} ms (server ${res.headers.get('X-Select-Ms')} ms). + Object / − Keep to correct it, Grow to widen it, Remove to fill it.`);
  } catch (e) {
    if (seq !== state.selectSeq) return;
    sel.mask = null; sel.overlay = null; replay(); controls();
    status(`Could not select: ${e.message}`, true);
  }
}

function setTool(tool) {
  state.tool = tool;
  state.erase = tool === 'eraser';
  controls();
}

function controls() {
  const has = !!state.image;
  $('undo').disabled = !has || state.strokes.length === 0;
  $('redo').disabled = !has || state.redo.length === 0;
  $('clear').disabled = !has || (state.strokes.length === 0 && !state.selection);
  $('remove').disabled = !has || state.busy || !(state.strokes.some((s) => !s.erase) || state.selection?.mask);
  $('compare').disabled = !state.before;
  $('download').classList.toggle('disabled', !state.before);
  for (const [id, tool] of [['brush', 'brush'], ['eraser', 'eraser'], ['select', 'select'], ['markObject', 'object'], ['markKeep', 'keep']]) $(id).classList.toggle('active', state.tool === tool);
  $('markObject').disabled = $('markKeep').disabled = $('grow').disabled = !state.selection;
}

async function load(blob, name) {
  try {
    const image = await createImageBitmap(blob);
    state.image = image; state.blob = blob; state.name = name; state.before = null;
    state.format = FORMAT_OF[blob.type] ?? 'png';
    resetMask(); fit(); controls();
    status(`${name}: ${image.width}×${image.height}. Paint over what to remove, then press Remove.`);
  } catch {
    status(`${name} is not an image this browser can show`, true);
  }
}

function toImage(ev) {
  const r = view.getBoundingClientRect();
  return [(ev.clientX - r.left - state.ox) / state.scale, (ev.clientY - r.top - state.oy) / state.scale];
}

view.addEventListener('pointerdown', (ev) => {
  if (!state.image) return;
  view.setPointerCapture(ev.pointerId);
  if (ev.button === 1 || state.spaceDown) {
    state.panning = { x: ev.clientX - state.ox, y: ev.clientY - state.oy };
    return;
  }
  if (ev.button !== 0) return;
  const p = toImage(ev);
  if (state.tool === 'select') { state.dragBox = [p, p]; render(); return; }
  if (state.tool === 'object' || state.tool === 'keep') {
    if (state.selection) state.selStroke = { mode: state.tool === 'object' ? 'remove' : 'keep', size: state.size / state.scale, points: [p] };
    render();
    return;
  }
  state.current = { points: [p], size: state.size / state.scale, erase: state.erase };
  paintSegment(state.current, p, p);
  render();
});
view.addEventListener('pointermove', (ev) => {
  if (state.panning) {
    state.ox = ev.clientX - state.panning.x; state.oy = ev.clientY - state.panning.y;
    render();
    return;
  }
  if (state.dragBox) { state.dragBox[1] = toImage(ev); render(); return; }
  if (state.selStroke) { state.selStroke.points.push(toImage(ev)); render(); return; }
  if (!state.current) return;
  const p = toImage(ev);
  const pts = state.current.points;
  paintSegment(state.current, pts[pts.length - 1], p);
  pts.push(p);
  render();
});
const endStroke = () => {
  state.panning = null;
  if (state.dragBox) {
    const box = boxOf(state.dragBox);
    state.dragBox = null;
    if (box[2] >= 3 && box[3] >= 3) {
      state.selection = { box, strokes: [], grow: Number($('grow').value), mask: null, overlay: null, pixels: 0 };
      replay(); controls(); requestSelection();
    } else render();
    return;
  }
  if (state.selStroke) {
    state.selection.strokes.push(state.selStroke); state.selStroke = null;
    requestSelection();
    return;
  }
  if (!state.current) return;
  state.strokes.push(state.current); state.redo = []; state.current = null;
  controls();
};
view.addEventListener('pointerup', endStroke);
view.addEventListener('pointercancel', endStroke);
view.addEventListener('wheel', (ev) => {
  ev.preventDefault();
  const r = view.getBoundingClientRect();
  zoom(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - r.left, ev.clientY - r.top);
}, { passive: false });

function undo() { if (state.strokes.length) { state.redo.push(state.strokes.pop()); replay(); controls(); } }
function redo() { if (state.redo.length) { state.strokes.push(state.redo.pop()); replay(); controls(); } }
function setSize(v) {
  state.size = Math.max(2, Math.min(200, Math.round(v)));
  $('size').value = String(state.size); $('sizeValue').value = String(state.size);
}

const FORMAT_OF = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp', 'image/tiff': 'tiff', 'image/gif': 'gif', 'image/avif': 'avif' };
const EXTENSION = { jpeg: 'jpg', png: 'png', webp: 'webp', tiff: 'tif', gif: 'gif', avif: 'avif' };

/** POST /api/inpaint (or `path`); a server started with a token answers 401 until the page sends it (asked once, kept for the tab). */
async function post(fields, path = 'api/inpaint') {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v instanceof Blob) body.append(k, v, `${k}.bin`); else body.append(k, v);
  const send = () => {
    const token = sessionStorage.getItem('inpaint-token');
    return fetch(path, { method: 'POST', body, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  };
  let res = await send();
  if (res.status === 401) {
    const token = window.prompt('This server needs its token (inpaint serve --token):');
    if (token) { sessionStorage.setItem('inpaint-token', token); res = await send(); }
  }
  if (!res.ok) {
    const err = await res.json().catch(() => ({ error: { message: res.statusText } }));
    throw new Error(err.error?.message ?? res.statusText);
  }
  return res;
}

/** The working copy in the opened file's format: one encoding, by the server (an empty mask changes no pixel). */
async function downloadable() {
  if (state.format === 'png') return state.blob;
  const empty = fullCanvas(state.image.width, state.image.height);
  const black = empty.getContext('2d');
  black.fillStyle = '#000'; black.fillRect(0, 0, empty.width, empty.height);
  const mask = await new Promise((resolve) => empty.toBlob(resolve, 'image/png'));
  return (await post({ image: state.blob, mask, format: state.format })).blob();
}

async function remove() {
  if ($('remove').disabled) return;
  state.busy = true; controls();
  status('Removing…');
  const t0 = performance.now();
  try {
    const mask = await new Promise((resolve) => state.mask.toBlob(resolve, 'image/png'));
    const res = await post({ image: state.blob, mask, detail: $('texture').checked ? 'texture' : 'smooth', format: 'png' });
    const result = await res.blob();
    const image = await createImageBitmap(result);
    state.before = state.image;
    state.image = image; state.blob = result;
    resetMask(); render();
    const url = URL.createObjectURL(await downloadable());
    const dl = $('download');
    if (dl.href.startsWith('blob:')) URL.revokeObjectURL(dl.href);
    dl.href = url;
    dl.download = state.name.replace(/(\.[^.]+)?$/, `-inpainted.${EXTENSION[state.format]}`);
    const warnings = decodeURIComponent(res.headers.get('X-Inpaint-Warnings') ?? '');
    status(`Done in ${Math.round(performance.now() - t0)} ms (server ${res.headers.get('X-Inpaint-Ms')} ms). Keep painting to remove more.${warnings ? ` ${warnings}` : ''}`);
  } catch (e) {
    status(`Could not remove: ${e.message}`, true);
  } finally {
    state.busy = false; controls();
  }
}

$('file').addEventListener('change', (ev) => { const f = ev.target.files?.[0]; if (f) load(f, f.name); });
$('brush').addEventListener('click', () => setTool('brush'));
$('eraser').addEventListener('click', () => setTool('eraser'));
$('select').addEventListener('click', () => setTool('select'));
$('markObject').addEventListener('click', () => setTool('object'));
$('markKeep').addEventListener('click', () => setTool('keep'));
let growTimer = 0;
$('grow').addEventListener('input', (ev) => {
  $('growValue').value = ev.target.value;
  if (!state.selection) return;
  state.selection.grow = Number(ev.target.value);
  window.clearTimeout(growTimer);
  growTimer = window.setTimeout(requestSelection, 120);
});
$('size').addEventListener('input', (ev) => setSize(Number(ev.target.value)));
$('undo').addEventListener('click', undo);
$('redo').addEventListener('click', redo);
$('clear').addEventListener('click', () => { state.redo = [...state.strokes].reverse(); state.strokes = []; state.selection = null; state.selectSeq++; replay(); controls(); });
$('zoomIn').addEventListener('click', () => zoom(1.25));
$('zoomOut').addEventListener('click', () => zoom(0.8));
$('fit').addEventListener('click', fit);
$('remove').addEventListener('click', remove);
const compare = (on) => { if (state.before) { state.showBefore = on; render(); } };
$('compare').addEventListener('pointerdown', () => compare(true));
$('compare').addEventListener('pointerup', () => compare(false));
$('compare').addEventListener('pointerleave', () => compare(false));
window.addEventListener('resize', render);

window.addEventListener('keydown', (ev) => {
  if (ev.target instanceof HTMLInputElement && ev.target.type !== 'range') return;
  const mod = ev.ctrlKey || ev.metaKey;
  if (mod && ev.key.toLowerCase() === 'z') { ev.preventDefault(); (ev.shiftKey ? redo : undo)(); }
  else if (mod && ev.key.toLowerCase() === 'y') { ev.preventDefault(); redo(); }
  else if (ev.key === '[') setSize(state.size / 1.25);
  else if (ev.key === ']') setSize(state.size * 1.25);
  else if (ev.key === 'e') setTool('eraser');
  else if (ev.key === 'b') setTool('brush');
  else if (ev.key === 's') setTool('select');
  else if (ev.key === 'Escape' && state.selection) { state.selection = null; state.selectSeq++; if (state.tool !== 'select') setTool('select'); replay(); controls(); }
  else if (ev.key === '0') fit();
  else if (ev.key === '+' || ev.key === '=') zoom(1.25);
  else if (ev.key === '-') zoom(0.8);
  else if (ev.key === 'Enter') remove();
  else if (ev.key === 'c') compare(true);
  else if (ev.key === ' ') { state.spaceDown = true; view.classList.add('panning'); ev.preventDefault(); }
});
window.addEventListener('keyup', (ev) => {
  if (ev.key === ' ') { state.spaceDown = false; view.classList.remove('panning'); }
  if (ev.key === 'c') compare(false);
});

// drop anywhere
window.addEventListener('dragover', (ev) => { ev.preventDefault(); $('drop').hidden = false; });
window.addEventListener('dragleave', (ev) => { if (!ev.relatedTarget) $('drop').hidden = true; });
window.addEventListener('drop', (ev) => {
  ev.preventDefault(); $('drop').hidden = true;
  const f = ev.dataTransfer?.files?.[0];
  if (f) load(f, f.name);
});

setSize(state.size);
controls();
