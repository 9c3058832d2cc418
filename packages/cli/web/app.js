// The mask-painting page of `inpaint serve`. The photo is shown scaled (zoom / pan); the mask
// is painted at the photo's full size in an offscreen canvas (white = hole), and sent with
// the photo to POST /api/inpaint. Strokes are kept as point lists, so undo / redo
// replays them instead of keeping full-size snapshots (a 24-megapixel mask is 96 MB).
// Between removals the page keeps a lossless working copy (the server answers in PNG), so
// five removals on a JPEG are not five JPEG generations: the download is encoded once, in
// the input's format.

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
    }
  });
}

function controls() {
  const has = !!state.image;
  $('undo').disabled = !has || state.strokes.length === 0;
  $('redo').disabled = !has || state.redo.length === 0;
  $('clear').disabled = !has || state.strokes.length === 0;
  $('remove').disabled = !has || state.busy || !state.strokes.some((s) => !s.erase);
  $('compare').disabled = !state.before;
  $('download').classList.toggle('disabled', !state.before);
  $('brush').classList.toggle('active', !state.erase);
  $('eraser').classList.toggle('active', state.erase);
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
  if (!state.current) return;
  const p = toImage(ev);
  const pts = state.current.points;
  paintSegment(state.current, pts[pts.length - 1], p);
  pts.push(p);
  render();
});
const endStroke = () => {
  state.panning = null;
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

/** POST /api/inpaint; a server started with a token answers 401 until the page sends it (asked once, kept for the tab). */
async function post(fields) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v instanceof Blob) body.append(k, v, `${k}.bin`); else body.append(k, v);
  const send = () => {
    const token = sessionStorage.getItem('inpaint-token');
    return fetch('api/inpaint', { method: 'POST', body, headers: token ? { Authorization: `Bearer ${token}` } : {} });
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
$('brush').addEventListener('click', () => { state.erase = false; controls(); });
$('eraser').addEventListener('click', () => { state.erase = true; controls(); });
$('size').addEventListener('input', (ev) => setSize(Number(ev.target.value)));
$('undo').addEventListener('click', undo);
$('redo').addEventListener('click', redo);
$('clear').addEventListener('click', () => { state.redo = [...state.strokes].reverse(); state.strokes = []; replay(); controls(); });
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
  else if (ev.key === 'e') { state.erase = true; controls(); }
  else if (ev.key === 'b') { state.erase = false; controls(); }
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
