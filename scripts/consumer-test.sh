#!/usr/bin/env bash
# What users install is the tarball: pack every workspace package, install the tarballs into
# a scratch app that brings its own sharp (and gulp, and vite), and run the README's examples there.
#   bash scripts/consumer-test.sh [SHARP_VERSION]      (default: the lower end of the peer range)
# Needs a built workspace (npm run build) and the npm registry. Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sharp_version=${1:-${CONSUMER_SHARP:-0.34.0}}
app=$(mktemp -d "${TMPDIR:-/tmp}/inpaint-consumer.XXXXXX")
trap 'rm -rf "$app"' EXIT
echo "consumer test: scratch app $app, sharp@$sharp_version"

# 1. the tarballs, and what core's holds
mkdir -p "$app/tarballs"
(cd "$here" && npm pack --workspaces --pack-destination "$app/tarballs" --silent >/dev/null)
(cd "$here" && npm pack --dry-run --json -w @inpaint/core) > "$app/core-files.json"
node -e '
  const files = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].files.map((f) => f.path);
  for (const want of ["models/pconv-default.onnx", "LICENSE", "CHANGELOG.md", "dist/index.js"])
    if (!files.includes(want)) { console.error(`@inpaint/core tarball lacks ${want}`); process.exit(1); }
  console.log(`@inpaint/core tarball: ${files.length} files, models/pconv-default.onnx included`);
' "$app/core-files.json"

# 2. a fresh app with its own sharp, installing the tarballs exactly as the README tells users:
#    no .npmrc and no environment of ours (CI exports ONNXRUNTIME_NODE_INSTALL=skip for the
#    workspace; a user has no such variable). Where onnxruntime-node's CUDA feed is unreachable
#    (as here) npm drops that optional dependency and core runs on onnxruntime-web.
unset ONNXRUNTIME_NODE_INSTALL ONNXRUNTIME_NODE_INSTALL_CUDA INPAINT_ENGINE
for v in $(env | sed -n 's/^\(npm_config_[A-Za-z_]*\)=.*/\1/p'); do unset "$v"; done
cp -r "$here/samples/photos" "$here/samples/masks" "$app/"
cp "$here"/scripts/consumer/* "$app/"
cp "$here/packages/test-fixtures/models/lama-4ch.onnx" "$app/"   # a graph with LaMa's 4-channel signature (training/make_adapter_fixtures.py)
tgz() { ls "$app"/tarballs/inpaint-"$1"-*.tgz; }
cat > "$app/package.json" <<JSON
{ "name": "consumer-app", "private": true, "version": "1.0.0",
  "dependencies": {
    "@inpaint/mask-gen": "file:$(tgz mask-gen)", "@inpaint/core": "file:$(tgz core)",
    "@inpaint/sharp": "file:$(tgz sharp)", "@inpaint/files": "file:$(tgz files)", "@inpaint/gulp": "file:$(tgz gulp)", "@inpaint/queue": "file:$(tgz queue)",
    "@inpaint/cli": "file:$(tgz cli)", "@inpaint/unplugin": "file:$(tgz unplugin)",
    "sharp": "$sharp_version", "gulp": "5.0.1", "vite": "8.4.1" } }
JSON
if ! (cd "$app" && npm install --no-audit --no-fund --loglevel=error) >"$app/install.log" 2>&1; then
  tail -n 30 "$app/install.log"; echo "the README's install failed in a fresh app" >&2; exit 1
fi
engine_of() { (cd "$app" && node --input-type=module -e "import { Inpainter } from '@inpaint/core'; const i = await Inpainter.create(); console.log(i.engine); await i.dispose();" 2>"$app/engine-notice.txt"); }
default_engine=$(engine_of)
echo "default install: engine '$default_engine', node_modules $(du -sm "$app/node_modules" | cut -f1) MB"
if [ "$default_engine" = wasm ] && ! grep -q 'ONNXRUNTIME_NODE_INSTALL=skip npm i' "$app/engine-notice.txt"; then
  echo "the wasm fallback gave no notice naming the fast path" >&2; exit 1
fi
test "$(node -p 'require(process.argv[1] + "/node_modules/sharp/package.json").version' "$app")" = "$sharp_version"
if [ -d "$app/node_modules/@inpaint/sharp/node_modules/sharp" ]; then echo "a second sharp was installed under @inpaint/sharp" >&2; exit 1; fi

# 3. the README's examples
cd "$app"
node esm.mjs
node cjs.cjs
node no-patch.mjs
npx gulp --gulpfile gulpfile.mjs fix
node check-outputs.mjs gulp-out
npx inpaint run photos --masks masks --out cli-out
node check-outputs.mjs cli-out
# the model's own fill, as it is: --clamp 0 (the range clamp would hold its flat test colour to the photo's)
npx inpaint run photos --masks masks --out model-out --model lama-4ch.onnx --detail smooth --clamp 0
node check-model-fill.mjs model-out
node serve.mjs
node vite-app.mjs

# 4. the README's fast path: the same install with the skip variable keeps the native engine
ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --loglevel=error
fast_engine=$(engine_of)
echo "fast-path install: engine '$fast_engine', node_modules $(du -sm "$app/node_modules" | cut -f1) MB"
test "$fast_engine" = native || { echo "ONNXRUNTIME_NODE_INSTALL=skip npm i did not give the native engine" >&2; exit 1; }
node esm.mjs
echo "consumer test passed (sharp@$sharp_version; default install: $default_engine engine, fast path: native)"
