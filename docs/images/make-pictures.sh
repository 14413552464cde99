#!/usr/bin/env bash
# Remakes the pictures of docs/using-pastiche.md from the sample photo with the default model: each panel is one
# './pastiche stylize' command, and SideBySide.java places the panels of a picture side by side. Run from anywhere;
# needs what ./pastiche needs (a JDK 17+, Maven to build the first time). Writes into docs/images/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
photo=examples/images/chelsea.jpg
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

stylize() { # OUTPUT OPTIONS...
  local out="$1"
  shift
  ./pastiche stylize "$photo" -o "$work/$out" --force "$@" >/dev/null
}
side() { # OUTPUT PANELS...
  local out="$1"
  shift
  java docs/images/SideBySide.java "docs/images/$out" "$@"
}

# Colour preservation: the photo, its pastiche, the same with the photo's colours.
stylize starry.png --style starry_night
stylize kept.png --style starry_night --preserve-colors
side preserve-colors.jpg "$photo" "$work/starry.png" "$work/kept.png"

# Strength: 0 (the photo), 0.25, 0.5, 0.75, 1.
panels=()
for s in 0 0.25 0.5 0.75 1; do
  stylize "strength-$s.png" --style starry_night --strength "$s"
  panels+=("$work/strength-$s.png")
done
side strength.jpg "${panels[@]}"

# Regions: the photo, its label image, the photo in three styles with soft borders.
stylize regions.png --mask docs/images/chelsea-regions.png --region '#ff0000=starry_night' \
  --region '#00ff00=the_scream' --region '#0000ff=great_wave' --feather 12
side regions.jpg "$photo" docs/images/chelsea-regions.png "$work/regions.png"
# Brush scale: the sample photo enlarged 4 times (1804 x 1200, a stand-in for a large photo), stylized with the
# network's own strokes and with --brush-scale 4; the same 451 x 300 cut of each at 100 %.
java docs/images/Enlarge.java "$photo" 4 "$work/large.png"
./pastiche stylize "$work/large.png" --style starry_night -o "$work/brush-1.png" --force >/dev/null
./pastiche stylize "$work/large.png" --style starry_night --brush-scale 4 -o "$work/brush-4.png" --force >/dev/null
side brush-scale.jpg "$work/brush-1.png@676,450,451,300" "$work/brush-4.png@676,450,451,300"
echo "make-pictures: wrote docs/images/preserve-colors.jpg, strength.jpg, regions.jpg and brush-scale.jpg" >&2
