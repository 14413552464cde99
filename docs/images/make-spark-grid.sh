#!/usr/bin/env bash
# Remakes docs/images/spark-grid.jpg: a Stylized-ImageNet-like run of the Spark job (a random style per photo from a
# seed, at most 256 pixels) over a folder of photos, each photo beside its pastiche, captioned with the style drawn.
#   docs/images/make-spark-grid.sh ../shared/data/images/content
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
photos="$(cd "${1:?usage: make-spark-grid.sh PHOTOS}" && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

./pastiche spark --input "$photos" --output "$work/out" --random-style --seed 2019 --max-size 256 >&2
cells=()
for photo in "$photos"/*.jpg "$photos"/*.png; do
  stem="$(basename "${photo%.*}")"
  # the job names it <photo's name>_<style>.png
  for pastiche in "$work/out/images/${stem}_"*.png; do
    style="$(basename "$pastiche" .png)"
    cells+=("$photo=$stem" "$pastiche=${style#"$stem"_}")
  done
done
java docs/images/Grid.java docs/images/spark-grid.jpg 4 200 "${cells[@]}"
echo "make-spark-grid: wrote docs/images/spark-grid.jpg" >&2
