#!/usr/bin/env bash
# Extracts the two test photos that Scanline may not redistribute from the
# Debian packages that ship them, into test/fixtures/photos/debian/:
#   dog.jpg              a dog beside a bicycle (package darknet, data/dog.jpg)
#   motorcycle_left.png  a motorcycle (package python3-skimage, skimage/data/)
# Only the two files are kept; nothing is installed. Needs apt's package lists
# (runs `apt-get update` once when they are missing, which needs root).
set -euo pipefail
dest="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/photos/debian"
mkdir -p "$dest"

declare -A source=(
  [dog.jpg]="darknet usr/share/darknet/data/dog.jpg"
  [motorcycle_left.png]="python3-skimage usr/lib/python3/dist-packages/skimage/data/motorcycle_left.png"
)

packages=()
for file in "${!source[@]}"; do
  [ -s "$dest/$file" ] || packages+=("${source[$file]%% *}")
done
if [ ${#packages[@]} -eq 0 ]; then
  echo "test photos: already in $dest"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "test photos: apt-get is missing; the tests that need ${packages[*]} will be skipped" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # apt's download sandbox user must be able to write here
cd "$work"
if ! apt-get download "${packages[@]}" >/dev/null 2>&1; then
  apt-get update -qq
  apt-get download "${packages[@]}" >/dev/null
fi
for deb in ./*.deb; do dpkg-deb -x "$deb" root; done
for file in "${!source[@]}"; do
  [ -s "$dest/$file" ] && continue
  cp "root/${source[$file]#* }" "$dest/$file"
  echo "test photos: $file from ${source[$file]%% *}"
done
