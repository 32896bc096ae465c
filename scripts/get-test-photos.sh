#!/usr/bin/env bash
# Extracts the test photos that Scanline may not redistribute from the Debian
# packages that ship them, into test/fixtures/photos/debian/ (the masks bench
# and the mask tests read them; test/fixtures/photos/README.md lists them):
#   darknet          data/ dog, eagle, giraffe, horses, kite, person .jpg
#   python3-skimage  skimage/data/ motorcycle_left.png, camera.png, rocket.jpg
# Only these files are kept; nothing is installed. Needs apt's package lists
# (runs `apt-get update` once when they are missing, which needs root).
set -euo pipefail
dest="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/photos/debian"
mkdir -p "$dest"

darknet=usr/share/darknet/data
skimage=usr/lib/python3/dist-packages/skimage/data
declare -A source=(
  [dog.jpg]="darknet $darknet/dog.jpg"
  [eagle.jpg]="darknet $darknet/eagle.jpg"
  [giraffe.jpg]="darknet $darknet/giraffe.jpg"
  [horses.jpg]="darknet $darknet/horses.jpg"
  [kite.jpg]="darknet $darknet/kite.jpg"
  [person.jpg]="darknet $darknet/person.jpg"
  [motorcycle_left.png]="python3-skimage $skimage/motorcycle_left.png"
  [camera.png]="python3-skimage $skimage/camera.png"
  [rocket.jpg]="python3-skimage $skimage/rocket.jpg"
)

packages=()
for file in "${!source[@]}"; do
  [ -s "$dest/$file" ] && continue
  package="${source[$file]%% *}"
  [[ " ${packages[*]} " == *" $package "* ]] || packages+=("$package")
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
