#!/usr/bin/env node
// Type-check every `@example` block of the packages' sources against the signatures they
// document. Each example becomes the body of an async function in a virtual file beside its
// module, with the module's exports and its package's exports in scope (and sharp). Names an
// example leaves undeclared (`image`, `mask`, `inpainter`: the reader's own values) are typed
// `any` by the compiler and their "cannot find name" errors are ignored; every other error
// (a wrong argument count or type, a missing property or option, an unknown export, a syntax
// error) is reported with the example's file and line. Exits 1 when any example is wrong.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
/** Diagnostics that only say an example uses a value the reader brings. */
const IGNORED = new Set([
  2304, // cannot find name
  2552, // cannot find name, did you mean
  18004, // shorthand property without a value in scope
  7005, 7006, 7031, 7034, // implicitly any (callbacks over the reader's own values)
  1484, // a type imported without `type` (the prelude imports every export by name)
  2307, // a module the example's reader installs (gulp, bullmq, …) that this package does not depend on
]);

const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

/** The @example blocks of a source file: their text and the line where each starts. */
function examplesOf(text) {
  const out = [];
  const comment = /\/\*\*[\s\S]*?\*\//g;
  for (let m; (m = comment.exec(text));) {
    const startLine = text.slice(0, m.index).split('\n').length;
    const lines = m[0].split('\n').map((l) => l.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\*\/\s*$/, ''));
    for (let i = 0; i < lines.length; i++) {
      const at = lines[i].match(/^@example\b(.*)$/);
      if (!at) continue;
      const body = [];
      if (at[1].trim()) body.push(at[1].trim());
      let j = i + 1;
      for (; j < lines.length && !/^@\w/.test(lines[j]); j++) body.push(lines[j]);
      out.push({ line: startLine + i + 1, code: body.join('\n').trim() });
      i = j - 1;
    }
  }
  return out.filter((e) => e.code.length > 0);
}

let failures = 0;
let checked = 0;
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg);
  const src = join(dir, 'src');
  if (!existsSync(src)) continue;
  const index = existsSync(join(src, 'api.ts')) ? './api.js' : './index.js';
  const virtual = new Map();
  const origin = new Map();
  for (const file of walk(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8');
    const examples = examplesOf(text);
    if (examples.length === 0) continue;
    const own = `./${basename(file, '.ts')}.js`;
    const toIndex = relative(dirname(file), join(src, index.slice(2))).replace(/^(?!\.)/, './');
    examples.forEach((ex, n) => {
      const imports = ex.code.split('\n').filter((l) => /^import\s/.test(l));
      const body = ex.code.split('\n').filter((l) => !/^import\s/.test(l)).map((l) => l.replace(/^export\s+/, ''));
      const importsSharp = imports.some((l) => /from 'sharp'/.test(l));
      const prelude = [
        `import * as __module from '${own}';`,
        `import * as __package from '${toIndex}';`,
        ...(importsSharp ? [] : ["import sharp from 'sharp';"]),
        ...imports,
        '// __names',
      ];
      const path = join(dirname(file), `__example_${basename(file, '.ts')}_${n}.ts`);
      virtual.set(path, `${prelude.join('\n')}\nexport async function __example(): Promise<void> {\n${body.join('\n')}\n}\n`);
      origin.set(path, { file, line: ex.line, preludeLines: prelude.length + 1 });
    });
  }
  if (virtual.size === 0) continue;
  // names in scope: the first program tells the exports of the module and of the package; the
  // second imports them by name (those the example does not import itself)
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const options = { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (virtual.has(name) ? ts.createSourceFile(name, virtual.get(name), lang, true) : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  // first pass: learn the value exports, then declare them by name
  let program = ts.createProgram([...virtual.keys()], options, host);
  const checker = program.getTypeChecker();
  for (const [path, text] of virtual) {
    const sf = program.getSourceFile(path);
    const own = new Set();
    for (const stmt of sf.statements) {
      if (!ts.isImportDeclaration(stmt) || !stmt.importClause) continue;
      if (stmt.importClause.name) own.add(stmt.importClause.name.text);
      const nb = stmt.importClause.namedBindings;
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) own.add(el.name.text);
    }
    const lines = [];
    for (const stmt of sf.statements) {
      if (!ts.isImportDeclaration(stmt) || !stmt.importClause?.namedBindings || !ts.isNamespaceImport(stmt.importClause.namedBindings)) continue;
      const sym = checker.getSymbolAtLocation(stmt.moduleSpecifier);
      if (!sym) continue;
      const names = checker.getExportsOfModule(sym).map((e) => e.name).filter((n) => n !== 'default' && !own.has(n));
      for (const n of names) own.add(n);
      if (names.length) lines.push(`import { ${names.join(', ')} } from ${stmt.moduleSpecifier.getText(sf)};`);
    }
    virtual.set(path, text.replace('// __names', lines.join(' ')));
  }
  program = ts.createProgram([...virtual.keys()], options, host);
  for (const path of virtual.keys()) {
    checked++;
    const { file, line, preludeLines } = origin.get(path);
    const diagnostics = [...program.getSyntacticDiagnostics(program.getSourceFile(path)), ...program.getSemanticDiagnostics(program.getSourceFile(path))].filter((d) => !IGNORED.has(d.code));
    for (const d of diagnostics) {
      failures++;
      const at = d.start === undefined ? 0 : program.getSourceFile(path).getLineAndCharacterOfPosition(d.start).line - preludeLines;
      console.log(`${relative(root, file)}:${line + Math.max(0, at)}: @example: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')} (TS${d.code})`);
    }
  }
}
console.log(`${checked} @example blocks type-checked, ${failures} error(s)`);
process.exit(failures === 0 ? 0 : 1);
