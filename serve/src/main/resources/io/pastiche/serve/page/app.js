// The pastiche page: picks a photo and a style (or two, mixed), asks POST /v1/stylize and shows the answer.
// Plain JavaScript on purpose: the server serves these files as they are, with no build step.
'use strict';

const state = { styles: [], chosen: null, photo: null, resultUrl: null, photoUrl: null };

// The regions painted for the second style: one mark per pixel of a label image of the photo's shape, at most
// LABEL_SIZE pixels wide (the server resizes it to the picture). Painted without anti-aliasing, so that the label
// image has exactly two colours: black for the first style, red for the second.
const LABEL_SIZE = 400;
const regions = { width: 0, height: 0, marks: null, painted: 0, photo: null };
const $ = (id) => document.getElementById(id);

async function loadStyles() {
  const answer = await fetch('/v1/styles');
  if (!answer.ok) {
    showError(await errorMessage(answer));
    return;
  }
  state.styles = (await answer.json()).styles;
  const gallery = $('styles');
  const mixWith = $('mix-with');
  for (const style of state.styles) {
    const card = document.createElement('button');
    card.type = 'button';
    card.className = 'style';
    card.setAttribute('role', 'radio');
    card.setAttribute('aria-checked', 'false');
    card.dataset.name = style.name;
    card.title = style.source || style.name;
    const image = document.createElement('img');
    image.src = style.preview;
    image.alt = '';
    image.loading = 'lazy';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = style.name.replaceAll('_', ' ');
    const painter = document.createElement('span');
    painter.className = 'painter';
    painter.textContent = style.painter;
    card.append(image, name, painter);
    card.addEventListener('click', () => choose(style.name));
    gallery.append(card);
    for (const select of [mixWith, $('region-style')]) {
      const option = document.createElement('option');
      option.value = style.name;
      option.textContent = style.name.replaceAll('_', ' ');
      select.append(option);
    }
  }
  if (state.styles.length > 0) {
    choose(state.styles[0].name);
  }
}

function choose(name) {
  state.chosen = name;
  for (const card of $('styles').children) {
    card.setAttribute('aria-checked', String(card.dataset.name === name));
  }
  updateMixText();
  updateButton();
}

function updateMixText() {
  const other = $('mix-with').value;
  $('mix-label').hidden = !other;
  const share = Number($('mix').value);
  $('mix-text').textContent = `${100 - share} % ${pretty(state.chosen)}, ${share} % ${pretty(other)}`;
  $('strength-text').textContent = `${$('strength').value} %`;
  $('feather-text').textContent = `${$('feather').value} px`;
}

function pretty(name) {
  return name ? name.replaceAll('_', ' ') : '';
}

function setPhoto(file) {
  if (!file) {
    return;
  }
  state.photo = file;
  if (state.photoUrl) {
    URL.revokeObjectURL(state.photoUrl);
  }
  state.photoUrl = URL.createObjectURL(file);
  $('original').src = state.photoUrl;
  $('drop-text').textContent = `${file.name}: drop another photo, or pick one`;
  resetRegions();
  hideError();
  updateButton();
}

function updateButton() {
  $('stylize').disabled = !(state.photo && state.chosen);
}

/** The first style, or the mix of two, as chosen in the gallery and the slider: [parameter, value]. */
function firstChoice() {
  const other = $('mix-with').value;
  const share = Number($('mix').value);
  return other && other !== state.chosen && share > 0
    ? ['mix', `${state.chosen}=${(100 - share) / 100},${other}=${share / 100}`] : ['style', state.chosen];
}

/** Whether a mask goes with the request: some of the photo painted, not all of it. */
function masked() {
  return $('regions-on').checked && regions.painted > 0 && regions.painted < regions.width * regions.height;
}

/** The query of POST /v1/stylize for the choices on the page. */
function query() {
  const parameters = new URLSearchParams();
  const [name, value] = firstChoice();
  if (masked()) {
    parameters.append('region', `#000000=${value}`);
    parameters.append('region', `#ff0000=${$('region-style').value}`);
    parameters.set('feather', $('feather').value);
  } else if ($('regions-on').checked && regions.painted > 0) {
    parameters.set('style', $('region-style').value); // all of it painted
  } else {
    parameters.set(name, value);
  }
  const strength = Number($('strength').value);
  if (strength < 100) {
    parameters.set('strength', String(strength / 100));
  }
  if ($('preserve-colors').checked) {
    parameters.set('preserveColors', 'true');
  }
  if ($('brush-scale').value !== '1') {
    parameters.set('brushScale', $('brush-scale').value);
  }
  if ($('max-size').value) {
    parameters.set('maxSize', $('max-size').value);
  }
  return parameters.toString();
}

async function stylize() {
  hideError();
  const button = $('stylize');
  button.disabled = true;
  $('status').textContent = 'Painting…';
  const started = performance.now();
  try {
    let request;
    if (masked()) {
      const form = new FormData();
      form.append('image', state.photo);
      form.append('mask', await maskBlob(), 'mask.png');
      request = { method: 'POST', body: form };
    } else {
      request = {
        method: 'POST',
        headers: { 'Content-Type': state.photo.type || 'application/octet-stream' },
        body: state.photo,
      };
    }
    const answer = await fetch(`/v1/stylize?${query()}`, request);
    if (!answer.ok) {
      showError(await errorMessage(answer));
      $('status').textContent = '';
      return;
    }
    const blob = await answer.blob();
    if (state.resultUrl) {
      URL.revokeObjectURL(state.resultUrl);
    }
    state.resultUrl = URL.createObjectURL(blob);
    const result = $('result');
    result.src = state.resultUrl;
    await result.decode().catch(() => {});
    const download = $('download');
    download.href = state.resultUrl;
    download.download = `pastiche_${state.chosen}.png`;
    download.hidden = false;
    $('result-caption').textContent = describeChoice();
    $('status').textContent = `Done in ${((performance.now() - started) / 1000).toFixed(1)} s`;
    document.body.dataset.result = 'ready';
  } catch (failure) {
    showError(`The server could not be reached: ${failure.message}`);
    $('status').textContent = '';
  } finally {
    updateButton();
  }
}

function describeChoice() {
  const other = $('mix-with').value;
  const share = Number($('mix').value);
  const first = other && other !== state.chosen && share > 0
    ? `${pretty(state.chosen)} and ${pretty(other)}` : pretty(state.chosen);
  return masked() ? `${first}; ${pretty($('region-style').value)} where painted` : first;
}

/** A new photo: an empty label image of its shape, painted over the photo. */
function resetRegions() {
  const photo = new Image();
  photo.onload = () => {
    regions.photo = photo;
    regions.width = Math.min(LABEL_SIZE, photo.naturalWidth);
    regions.height = Math.max(1, Math.round(regions.width * photo.naturalHeight / photo.naturalWidth));
    regions.marks = new Uint8Array(regions.width * regions.height);
    regions.painted = 0;
    const canvas = $('paint');
    canvas.width = regions.width;
    canvas.height = regions.height;
    $('regions-on').disabled = false;
    drawRegions();
  };
  photo.src = state.photoUrl;
}

/** The photo with the painted marks over it in translucent red. */
function drawRegions() {
  const canvas = $('paint');
  const context = canvas.getContext('2d');
  context.drawImage(regions.photo, 0, 0, regions.width, regions.height);
  const overlay = context.getImageData(0, 0, regions.width, regions.height);
  for (let i = 0; i < regions.marks.length; i++) {
    if (regions.marks[i]) {
      const p = 4 * i;
      overlay.data[p] = Math.round(overlay.data[p] * 0.45 + 255 * 0.55);
      overlay.data[p + 1] = Math.round(overlay.data[p + 1] * 0.45);
      overlay.data[p + 2] = Math.round(overlay.data[p + 2] * 0.45);
    }
  }
  context.putImageData(overlay, 0, 0);
}

/** Marks a disc of the brush's radius around a point of the canvas, given in CSS pixels. */
function paintAt(event) {
  const canvas = $('paint');
  const box = canvas.getBoundingClientRect();
  const cx = (event.clientX - box.left) * regions.width / box.width;
  const cy = (event.clientY - box.top) * regions.height / box.height;
  const radius = Number($('region-brush').value) * regions.width / 400;
  for (let y = Math.max(0, Math.floor(cy - radius)); y <= Math.min(regions.height - 1, cy + radius); y++) {
    for (let x = Math.max(0, Math.floor(cx - radius)); x <= Math.min(regions.width - 1, cx + radius); x++) {
      const i = y * regions.width + x;
      if (!regions.marks[i] && (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) {
        regions.marks[i] = 1;
        regions.painted++;
      }
    }
  }
  drawRegions();
}

/** The label image as PNG: black where the first style goes, red where the second. */
function maskBlob() {
  const canvas = document.createElement('canvas');
  canvas.width = regions.width;
  canvas.height = regions.height;
  const context = canvas.getContext('2d');
  const labels = context.createImageData(regions.width, regions.height);
  for (let i = 0; i < regions.marks.length; i++) {
    labels.data[4 * i] = regions.marks[i] ? 255 : 0;
    labels.data[4 * i + 3] = 255;
  }
  context.putImageData(labels, 0, 0);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

async function errorMessage(answer) {
  try {
    const body = await answer.json();
    return body.error.message;
  } catch (notJson) {
    return `The server answered ${answer.status}.`;
  }
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = false;
  document.body.dataset.result = 'error';
}

function hideError() {
  $('error').hidden = true;
  delete document.body.dataset.result;
}

function wire() {
  $('photo').addEventListener('change', (event) => setPhoto(event.target.files[0]));
  const drop = $('drop');
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    setPhoto(event.dataTransfer.files[0]);
  });
  for (const id of ['mix-with', 'mix', 'strength', 'feather']) {
    $(id).addEventListener('input', updateMixText);
  }
  $('regions-on').addEventListener('change', () => {
    $('regions-tools').hidden = !$('regions-on').checked;
  });
  const paint = $('paint');
  paint.addEventListener('pointerdown', (event) => {
    paint.setPointerCapture(event.pointerId);
    paintAt(event);
  });
  paint.addEventListener('pointermove', (event) => {
    if (event.buttons & 1) {
      paintAt(event);
    }
  });
  $('region-clear').addEventListener('click', () => {
    regions.marks.fill(0);
    regions.painted = 0;
    drawRegions();
  });
  $('stylize').addEventListener('click', stylize);
  loadStyles().catch((failure) => showError(`The styles could not be loaded: ${failure.message}`));
}

wire();
