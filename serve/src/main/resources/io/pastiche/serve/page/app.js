// The pastiche page: picks a photo and a style (or two, mixed), asks POST /v1/stylize and shows the answer.
// Plain JavaScript on purpose: the server serves these files as they are, with no build step.
'use strict';

const state = { styles: [], chosen: null, photo: null, resultUrl: null, photoUrl: null };
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
    const option = document.createElement('option');
    option.value = style.name;
    option.textContent = style.name.replaceAll('_', ' ');
    mixWith.append(option);
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
  hideError();
  updateButton();
}

function updateButton() {
  $('stylize').disabled = !(state.photo && state.chosen);
}

/** The query of POST /v1/stylize for the choices on the page. */
function query() {
  const parameters = new URLSearchParams();
  const other = $('mix-with').value;
  const share = Number($('mix').value);
  if (other && other !== state.chosen && share > 0) {
    parameters.set('mix', `${state.chosen}=${(100 - share) / 100},${other}=${share / 100}`);
  } else {
    parameters.set('style', state.chosen);
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
    const answer = await fetch(`/v1/stylize?${query()}`, {
      method: 'POST',
      headers: { 'Content-Type': state.photo.type || 'application/octet-stream' },
      body: state.photo,
    });
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
  return other && other !== state.chosen && share > 0
    ? `${pretty(state.chosen)} and ${pretty(other)}` : pretty(state.chosen);
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
  for (const id of ['mix-with', 'mix', 'strength']) {
    $(id).addEventListener('input', updateMixText);
  }
  $('stylize').addEventListener('click', stylize);
  loadStyles().catch((failure) => showError(`The styles could not be loaded: ${failure.message}`));
}

wire();
