// README (serve): `npx inpaint serve` from the packed CLI serves the page and answers the API.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

// the installed binary itself (npx would not pass SIGTERM on to it)
const child = spawn('node_modules/.bin/inpaint', ['serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const url = await new Promise((resolve, reject) => {
  let buf = '';
  child.stderr.on('data', (c) => { buf += c; const m = /inpaint serve: (http:\/\/\S+?)\/ \(page\)/.exec(buf); if (m) resolve(m[1]); });
  child.once('exit', (code) => reject(new Error(`inpaint serve exited (${code}): ${buf}`)));
});
try {
  const page = await (await fetch(`${url}/`)).text();
  const js = await fetch(`${url}/app.js`);
  if (!page.includes('app.js') || js.status !== 200) throw new Error('the page or its script is missing from the packed CLI');
  const body = new FormData();
  body.append('image', new Blob([readFileSync('photos/cat.jpg')]), 'cat.jpg');
  body.append('mask', new Blob([readFileSync('masks/cat.png')]), 'cat.png');
  const res = await fetch(`${url}/api/inpaint`, { method: 'POST', body });
  if (res.status !== 200 || res.headers.get('content-type') !== 'image/jpeg') throw new Error(`POST /api/inpaint: ${res.status} ${await res.text()}`);
  console.log(`inpaint serve: page and assets served, POST /api/inpaint ${res.status} in ${res.headers.get('x-inpaint-ms')} ms`);
} finally {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
