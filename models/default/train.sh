#!/usr/bin/env bash
# Trains pastiche's default model: the 16 public-domain paintings of ../shared/data/images/styles, content from
# the 62 photos of ../shared/data/train, VGG-19 losses. Resumable: run it again (after Ctrl-C, or in another
# sitting) and it continues from its checkpoint onto exactly the trajectory of an uninterrupted run.
#
#   models/default/train.sh            train (or continue) to the last step, then write default.safetensors
#   STEPS=3000 models/default/train.sh stop at step 3000 this time (a checkpoint is written there)
#
# The settings are chosen to fit about six hours of this project's 2-core machines: docs/default-model.md says why.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${PASTICHE_DATA:-$root/../shared/data}"
work="$here/training"
mkdir -p "$work"

resume=()
[ -f "$work/default.ckpt" ] && resume=(--resume)

exec "$root/pastiche" train \
  --styles "$data/images/styles" \
  --names great_wave,composition_vii,woman_with_hat,garden_irises,pine_trees_antibes,san_giorgio_dusk,woman_with_parasol,the_scream,udnie,moulin_de_la_galette,boys_on_the_beach,mortlake_terrace,shipwreck_minotaur,van_doesburg_composition,self_portrait_felt_hat,starry_night \
  --style-info "$here/style-info.txt" \
  --photos "$data/train" \
  --vgg "$data/vgg/vgg19-features.safetensors" \
  --alpha 0.5 --crop 128 --batch 4 --lr 0.001 --seed 1 \
  --style-weight "${STYLE_WEIGHT:-2e-5}" --style-size 320 \
  --steps "${STEPS:-9000}" --checkpoint-every 100 --sample-every 250 \
  --checkpoint "$work/default.ckpt" --samples "$work/samples" \
  --no-progress --f16 --force \
  -o "$work/default.safetensors" "${resume[@]}"
