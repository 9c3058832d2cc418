// The package README's Vite line in a scratch app: `import cat from '../photos/cat.jpg?inpaint=…'`
// built by vite with @inpaint/unplugin/vite, as a user installs them. The emitted asset is
// hashed, the bundle refers to it, its holes are filled and (PNG) every pixel outside them
// kept; a second build takes it from node_modules/.cache/inpaint and in-paints nothing.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import inpaint from '@inpaint/unplugin/vite';
import { compareHoles } from './pixels.mjs';

mkdirSync('vite-app', { recursive: true });
writeFileSync('vite-app/index.html', '<img><script type="module" src="./main.js"></script>\n');
writeFileSync('vite-app/main.js', "import cat from '../photos/cat.jpg?inpaint=../masks/cat.png&format=png';\ndocument.querySelector('img').src = cat;\n");

const records = [];
const once = () => build({ root: 'vite-app', configFile: false, logLevel: 'warn', plugins: [inpaint({ onImage: (r) => records.push(r) })], build: { assetsInlineLimit: 0 } });
await once();
const assets = readdirSync('vite-app/dist/assets');
const png = assets.find((f) => /^cat-[\w-]+\.png$/.test(f));
if (!png) throw new Error(`vite-app/dist/assets lacks a hashed cat-*.png (has ${assets.join(', ')})`);
const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join('vite-app/dist/assets', f), 'utf8')).join('\n');
if (!js.includes(png)) throw new Error(`the bundle does not refer to ${png}`);
const r = await compareHoles('photos/cat.jpg', 'masks/cat.png', `vite-app/dist/assets/${png}`, { exact: true });
await once();
if (records.map((x) => x.cached).join() !== 'false,true') throw new Error(`expected one fill, then the cache: ${JSON.stringify(records)}`);
console.log(`vite build: ${png} filled (mean |diff| in holes ${r.meanIn.toFixed(2)}, ${r.changedOut} pixels changed outside), second build from the cache`);
