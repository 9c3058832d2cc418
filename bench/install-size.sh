#!/usr/bin/env bash
# What `npm i @inpaint/sharp sharp` adds to an app, both ways the README gives: the default
# install (no flags; where onnxruntime-node's CUDA feed is unreachable npm drops that optional
# dependency) and the fast path (ONNXRUNTIME_NODE_INSTALL=skip). The workspace's packages are
# packed and installed from their tarballs into fresh apps, with no .npmrc or environment of ours.
#   bash bench/install-size.sh [bench/results/install-size.json]     (needs npm run build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/bench/results/install-size.json}
work=$(mktemp -d "${TMPDIR:-/tmp}/inpaint-install-size.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset ONNXRUNTIME_NODE_INSTALL ONNXRUNTIME_NODE_INSTALL_CUDA INPAINT_ENGINE
for v in $(env | sed -n 's/^\(npm_config_[A-Za-z_]*\)=.*/\1/p'); do unset "$v"; done
(cd "$here" && npm pack -w @inpaint/mask-gen -w @inpaint/core -w @inpaint/sharp --pack-destination "$work" --silent >/dev/null)
sharp_version=$(node -p "require('$here/packages/sharp-plugin/package.json').devDependencies.sharp")
measure() { # name, env prefix
  local app="$work/$1"; mkdir -p "$app"; cd "$app"
  printf '{ "name": "size-%s", "private": true, "version": "1.0.0" }\n' "$1" > package.json
  env $2 npm i --no-audit --no-fund --loglevel=error "$work"/inpaint-mask-gen-*.tgz "$work"/inpaint-core-*.tgz "$work"/inpaint-sharp-*.tgz "sharp@$sharp_version" >/dev/null 2>&1
  local total ortn ortw
  total=$(du -sm node_modules | cut -f1)
  ortn=$( [ -d node_modules/onnxruntime-node ] && du -sm node_modules/onnxruntime-node | cut -f1 || echo 0)
  ortw=$(du -sm node_modules/onnxruntime-web | cut -f1)
  local engine
  engine=$(node --input-type=module -e "import { Inpainter } from '@inpaint/core'; const i = await Inpainter.create(); console.log(i.engine); await i.dispose();" 2>/dev/null)
  echo "{ \"install\": \"$1\", \"totalMB\": $total, \"onnxruntimeNodeMB\": $ortn, \"onnxruntimeWebMB\": $ortw, \"engine\": \"$engine\" }"
}
default=$(measure default "")
fast=$(measure fast-path "ONNXRUNTIME_NODE_INSTALL=skip")
node -e '
  const [out, d, f, sharpVersion] = process.argv.slice(1);
  const os = require("os");
  const r = { command: "bash bench/install-size.sh", machine: { os: `${os.platform()} ${os.release()} ${os.arch()}`, node: process.version, npm: require("child_process").execSync("npm --version").toString().trim() },
    what: `npm i @inpaint/sharp sharp@${sharpVersion} in an empty app`, default: JSON.parse(d), fastPath: JSON.parse(f) };
  require("fs").writeFileSync(out, JSON.stringify(r, null, 2) + "\n");
  console.log(JSON.stringify(r));
' "$out" "$default" "$fast" "$sharp_version"
