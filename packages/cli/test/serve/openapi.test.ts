import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { MASK_OPTION_SCHEMA } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA, OUTPUT_FORMATS } from '@inpaint/files';
import { inpaintFormSchema, inpaintRouteSchema } from '../../src/serve/openapi.js';
import { createServer } from '../../src/serve/server.js';
import { TINY } from '../helpers.js';

type Form = { required: string[]; properties: Record<string, { type?: string; enum?: string[]; maximum?: number; format?: string }> };

test('the form is the two files plus every batch option, choices as enums, ranges from the schema', (t) => {
  const form = inpaintFormSchema(1000) as unknown as Form;
  t.deepEqual(form.required, ['image']);
  t.deepEqual(Object.keys(form.properties), ['image', 'mask', 'boxes', ...Object.keys(BATCH_OPTION_SCHEMA)]);
  t.is(form.properties.image.format, 'binary');
  t.deepEqual(form.properties.format.enum, [...OUTPUT_FORMATS]);
  t.is(form.properties.format.type, 'string');
  t.is(form.properties.dilate.maximum, MASK_OPTION_SCHEMA.dilate.maximum);
  t.is(form.properties.invert.type, 'boolean');
});

test('the answers: 401 only with a token; limits named in the descriptions', (t) => {
  const open = inpaintRouteSchema({ maxPixels: 1234, maxBody: 5678, token: false }) as { response: Record<string, { description: string }> };
  t.deepEqual(Object.keys(open.response).sort(), ['200', '400', '408', '413', '503']);
  t.regex(open.response[413].description, /1234 pixels.*5678 bytes/);
  const locked = inpaintRouteSchema({ maxPixels: 1, maxBody: 1, token: true }) as { response: Record<string, unknown> };
  t.true('401' in locked.response);
});

/** Redocly's recommended rules over a document, offline: its problems (severity, rule, where). */
async function redoclyLint(doc: unknown): Promise<{ totals: { errors: number; warnings: number }; problems: { severity: string; ruleId: string; message: string }[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'inpaint-openapi-'));
  try {
    await writeFile(join(dir, 'openapi.json'), JSON.stringify(doc));
    const bin = fileURLToPath(new URL('bin/cli.js', import.meta.resolve('@redocly/cli/package.json')));
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    // lint exits 1 when it finds problems: the report on stdout is what counts
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [bin, 'lint', '--extends', 'recommended', '--format', 'json', 'openapi.json'], { cwd: dir, env, timeout: 30_000, maxBuffer: 8 << 20 }, (e, out, err) => {
        if (e && (e.killed || out.trim() === '')) reject(new Error(`redocly lint did not report: ${e.message}\n${err}`));
        else resolve(out);
      });
    });
    return JSON.parse(stdout) as Awaited<ReturnType<typeof redoclyLint>>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

for (const token of [undefined, 'sesame']) {
  test(`the served /openapi.json (${token ? 'with' : 'without'} a token) is valid OpenAPI and passes Redocly's recommended lint with no problem`, async (t) => {
    const app = await createServer({ model: TINY, log: () => undefined, token });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const doc = await (await fetch(`${url}/openapi.json`)).json() as { paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>> };
      await t.notThrowsAsync(SwaggerParser.validate(structuredClone(doc) as never), 'swagger-parser');
      const { totals, problems } = await redoclyLint(doc);
      t.deepEqual(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`), []);
      t.deepEqual(totals, { errors: 0, warnings: 0, ignored: 0 });
      // what the lint asks for is there for a reason: client generators name methods by operationId; /api/* needs the token
      t.deepEqual(Object.values(doc.paths).flatMap((m) => Object.values(m).map((op) => op.operationId)).sort(), ['health', 'inpaint', 'openapi', 'page', 'select']);
      t.deepEqual(doc.paths['/api/inpaint'].post.security, token ? [{ bearerToken: [] }] : []);
      t.deepEqual(doc.paths['/api/select'].post.security, token ? [{ bearerToken: [] }] : []);
    } finally {
      await app.close();
    }
  });
}
