#!/usr/bin/env bash
# Trains pastiche's default model: the 16 public-domain paintings of ../shared/data/images/styles, content from
# the 62 photos of ../shared/data/train, VGG-19 losses. Resumable: run it again (after Ctrl-C, or in another
# sitting) and it continues from its checkpoints onto exactly the trajectory of an uninterrupted run.
#
#   models/default/train.sh            train (or continue), then write models/default/default-model.safetensors
#   STEPS=3000 models/default/train.sh stop stage 1 at step 3000 this time (a checkpoint is written there)
#
# Stage 1 trains the whole network for all 16 paintings. Stage 2 retrains one style's gamma/beta alone, the
# paper's fine-tuning: at the shared style weight, van Doesburg's flat black-and-white blocks wiped out the photo
# (content loss three times the other styles'), so it is trained afresh at a tenth of that weight.
# The settings are chosen to fit about six hours of this project's 2-core machines: docs/default-model.md says why.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${PASTICHE_DATA:-$root/../shared/data}"
work="$here/training"
mkdir -p "$work"
common=(--photos "$data/train" --vgg "$data/vgg/vgg19-features.safetensors" --style-info "$here/style-info.txt"
  --crop 128 --batch 4 --lr 0.001 --seed 1 --style-size 320 --checkpoint-every 100 --no-progress --f16 --force)

resume=()
[ -f "$work/default.ckpt" ] && resume=(--resume)
"$root/pastiche" train "${common[@]}" \
  --styles "$data/images/styles" \
  --names great_wave,composition_vii,woman_with_hat,garden_irises,pine_trees_antibes,san_giorgio_dusk,woman_with_parasol,the_scream,udnie,moulin_de_la_galette,boys_on_the_beach,mortlake_terrace,shipwreck_minotaur,van_doesburg_composition,self_portrait_felt_hat,starry_night \
  --alpha 0.5 --style-weight "${STYLE_WEIGHT:-2e-5}" \
  --steps "${STEPS:-9000}" --sample-every 250 \
  --checkpoint "$work/default.ckpt" --samples "$work/samples" \
  -o "$work/default.safetensors" "${resume[@]}"

resume=()
[ -f "$work/van_doesburg.ckpt" ] && resume=(--resume)
"$root/pastiche" add-style "${common[@]}" -m "$work/default.safetensors" --replace \
  --styles "$data/images/styles/van_doesburg_composition_sq.jpg" --names van_doesburg_composition \
  --style-weight 2e-6 --steps 1000 --sample-every 250 \
  --checkpoint "$work/van_doesburg.ckpt" --samples "$work/samples-van-doesburg" \
  -o "$here/default-model.safetensors" "${resume[@]}"
