// The participant page: the study protocol in the browser. An answer is kept in localStorage until the server
// acknowledges it (after its commit) and is sent again with the same idempotency key after a lost connection or a
// reload, so it is neither lost nor stored twice. The next image is asked for only after the acknowledgement.
'use strict';
(function () {
  const token = location.pathname.split('/')[2] || '';
  const pendingKey = 'tastelab-pending-' + token.slice(0, 16);
  const $ = (id) => document.getElementById(id);
  let study = null;
  let state = null;
  let shownAt = 0; // performance.now() at the first paint of the current trial's image(s)
  let shown = false;
  let busy = false;
  let moved = false;
  const objectUrls = [];
  const KEYS = 'Keys: Left and Right move the slider (with Shift in finer steps), 1 to 5 jump to a label, Enter ' +
    'answers. For two images: 1 left, 2 right, T equally, C can\'t decide.';

  function show(name) {
    for (const s of document.querySelectorAll('.screen')) s.hidden = s.id !== 'screen-' + name;
    document.body.dataset.screen = name;
  }
  function banner(text) {
    $('banner').textContent = text || '';
    $('banner').hidden = !text;
  }
  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function request(method, path, body) {
    const init = { method, headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(path, init);
    let json = null;
    try { json = await res.json(); } catch (e) { json = null; }
    return { status: res.status, json };
  }

  // Retries until the server answers with something other than a server error or "slow down".
  async function sendReliably(method, path, body) {
    let wait = 400;
    for (;;) {
      try {
        const r = await request(method, path, body);
        if (r.status < 500 && r.status !== 429) { banner(''); return r; }
      } catch (e) { /* network down: try again */ }
      banner('Connection lost. Your answer is kept and will be sent again…');
      await sleep(wait);
      wait = Math.min(5000, wait * 2);
    }
  }

  function message(title, text, button) {
    return new Promise((resolve) => {
      $('message-title').textContent = title;
      $('message-text').textContent = text;
      $('message-continue').textContent = button || 'Continue';
      $('message-continue').onclick = () => resolve();
      show('message');
      $('message-continue').focus();
    });
  }

  function fatal(text) {
    $('message-title').textContent = 'This study cannot go on';
    $('message-text').textContent = text;
    $('message-continue').hidden = true;
    show('message');
  }

  function progressText() {
    const t = state.trial;
    if (t.practice) return 'Practice';
    return 'Image ' + (state.mainDone + 1) + ' of ' + state.mainTotal;
  }

  async function loadImage(img, id) {
    img.classList.remove('shown');
    const width = Math.round(Math.max(img.parentElement.clientWidth, 200) * (window.devicePixelRatio || 1));
    let blob = null;
    for (let wait = 400; !blob; wait = Math.min(5000, wait * 2)) {
      try {
        const res = await fetch('/api/image/' + id + '?w=' + width,
          { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' });
        if (res.ok) { blob = await res.blob(); break; }
        if (res.status < 500 && res.status !== 429) throw new Error('image ' + id + ': HTTP ' + res.status);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('image ')) throw e;
      }
      banner('Connection lost. Trying again…');
      await sleep(wait);
    }
    banner('');
    const url = URL.createObjectURL(blob);
    objectUrls.push(url);
    img.src = url;
    await img.decode();
  }

  // Response time starts at the first paint of the decoded image(s): two animation frames after they are visible.
  async function reveal(images) {
    for (const img of images) img.classList.add('shown');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    shownAt = performance.now();
    shown = true;
    document.body.dataset.shown = String(state.trial.position);
  }

  function freeImages() {
    while (objectUrls.length) URL.revokeObjectURL(objectUrls.pop());
  }

  async function showSlider() {
    const t = state.trial;
    shown = false;
    moved = false;
    $('slider-progress').textContent = progressText();
    $('slider-instruction').hidden = !t.instruction;
    $('slider-instruction').textContent = t.instruction || '';
    const slider = $('slider');
    slider.value = String(Math.round(t.start * 1000));
    slider.parentElement.classList.add('untouched');
    $('slider-hint').textContent = study.requireMovement
      ? 'Move the slider to give your rating, then press Next (or Enter).'
      : 'Set the slider to your rating, then press Next (or Enter).';
    $('slider-next').disabled = study.requireMovement;
    $('slider-back').hidden = !state.canGoBack;
    show('slider');
    await loadImage($('slider-image'), t.image);
    await reveal([$('slider-image')]);
    slider.focus();
  }

  async function showPair() {
    const t = state.trial;
    shown = false;
    $('pair-progress').textContent = progressText();
    $('pair-back').hidden = !state.canGoBack;
    show('pair');
    await Promise.all([loadImage($('pair-left-image'), t.left), loadImage($('pair-right-image'), t.right)]);
    await reveal([$('pair-left-image'), $('pair-right-image')]);
  }

  function showDone() {
    freeImages();
    $('done-code').textContent = state.code;
    show('done');
    const target = state.redirect || '';
    if (/^https?:\/\//i.test(target)) {
      $('done-link').href = target;
      $('done-redirect').hidden = false;
      setTimeout(() => { location.href = target; }, 4000);
    }
  }

  async function render() {
    freeImages();
    delete document.body.dataset.shown;
    document.body.dataset.position = state.phase === 'done' ? 'done' : String(state.trial.position);
    if (state.phase === 'done') return showDone();
    return state.trial.mode === 'slider' ? showSlider() : showPair();
  }

  async function afterAnswer(next) {
    state = next;
    if (state.practiceEnded && state.phase !== 'done') {
      await message('Practice finished', 'The practice is over. From now on your answers count.', 'Start');
    } else if (state.breakDue) {
      await message('Time for a short break', 'Rest your eyes for a moment. Continue when you are ready.',
        'Continue');
    }
    busy = false;
    await render();
  }

  // Keeps the answer until the server acknowledges it; the acknowledgement carries the next trial.
  async function commit(answer) {
    busy = true;
    shown = false;
    document.body.classList.add('sending');
    localStorage.setItem(pendingKey, JSON.stringify(answer));
    const r = await sendReliably('POST', '/api/answer', answer);
    localStorage.removeItem(pendingKey);
    document.body.classList.remove('sending');
    if (r.status === 200) return afterAnswer(r.json.state);
    if (r.json && r.json.state) return afterAnswer(r.json.state);
    const s = await sendReliably('GET', '/api/state');
    if (s.status === 200) return afterAnswer(s.json.state);
    fatal((r.json && r.json.error) || 'The server refused the answer.');
  }

  function submitSlider() {
    if (!shown || busy) return;
    if (study.requireMovement && !moved) {
      $('slider-hint').textContent = 'Please move the slider first: your rating counts only once you have moved it.';
      return;
    }
    const t = state.trial;
    commit({ key: newKey(), position: t.position, mode: 'slider', image: t.image,
      value: Number($('slider').value) / 1000, moved, clientMs: Math.round(performance.now() - shownAt) });
  }

  function submitPair(choice) {
    if (!shown || busy) return;
    const t = state.trial;
    commit({ key: newKey(), position: t.position, mode: 'pairwise', left: t.left, right: t.right, choice,
      clientMs: Math.round(performance.now() - shownAt) });
  }

  async function goBack() {
    if (!shown || busy || !state.canGoBack) return;
    busy = true;
    const r = await sendReliably('POST', '/api/back');
    busy = false;
    if (r.status === 200) { state = r.json.state; await render(); }
  }

  function markMoved() {
    moved = true;
    $('slider-hint').textContent = 'Press Next (or Enter) when the slider shows your rating.';
    $('slider').parentElement.classList.remove('untouched');
    $('slider-next').disabled = false;
  }

  function setSlider(value) {
    $('slider').value = String(Math.max(0, Math.min(1000, Math.round(value))));
    markMoved();
  }

  // The desktop runner's keys: Left/Right nudge (Shift: finer), Home/End and 1-5 jump to an anchor, Enter answers,
  // Backspace goes back; pairwise 1 left, 2 right, T tie, C can't decide.
  document.addEventListener('keydown', (e) => {
    const screen = document.body.dataset.screen;
    if (screen === 'slider') {
      const value = Number($('slider').value);
      const step = e.shiftKey ? 1 : 10;
      let handled = true;
      if (!shown || busy) { if (e.target === $('slider')) e.preventDefault(); return; }
      if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') setSlider(value - step);
      else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') setSlider(value + step);
      else if (e.key === 'Home') setSlider(0);
      else if (e.key === 'End') setSlider(1000);
      else if (e.key >= '1' && e.key <= '5') setSlider((Number(e.key) - 1) * 250);
      else if (e.key === 'Enter') submitSlider();
      else if (e.key === 'Backspace') goBack();
      else handled = false;
      if (handled) e.preventDefault();
    } else if (screen === 'pair') {
      const k = e.key.toLowerCase();
      let handled = true;
      if (k === '1') submitPair('left');
      else if (k === '2') submitPair('right');
      else if (k === 't') submitPair('tie');
      else if (k === 'c') submitPair('cant_decide');
      else if (k === 'backspace') goBack();
      else handled = false;
      if (handled) e.preventDefault();
    }
  });

  function wire() {
    $('slider').addEventListener('input', () => { if (shown && !busy) markMoved(); });
    $('slider-next').addEventListener('click', submitSlider);
    $('slider-back').addEventListener('click', goBack);
    $('pair-back').addEventListener('click', goBack);
    $('pair-left').addEventListener('click', () => submitPair('left'));
    $('pair-right').addEventListener('click', () => submitPair('right'));
    $('pair-tie').addEventListener('click', () => submitPair('tie'));
    $('pair-cant').addEventListener('click', () => submitPair('cant_decide'));
  }

  async function consent() {
    if (!study.consent) return true;
    $('consent-text').textContent = study.consent;
    show('consent');
    $('consent-agree').focus();
    return new Promise((resolve) => {
      $('consent-agree').onclick = () => resolve(true);
      $('consent-decline').onclick = () => resolve(false);
    });
  }

  function buildAnchors() {
    const box = $('anchors');
    box.textContent = '';
    // Each label sits under its point of the scale: 0, 1/4, 1/2, 3/4 and 1.
    study.anchors.forEach((label, i) => {
      const span = document.createElement('span');
      span.textContent = label;
      span.style.left = (i * 25) + '%';
      box.appendChild(span);
    });
  }

  async function main() {
    wire();
    const pending = localStorage.getItem(pendingKey);
    if (pending) {
      // Sent before a reload or a lost connection and never acknowledged: the server stores it at most once.
      try { await sendReliably('POST', '/api/answer', JSON.parse(pending)); } catch (e) { /* malformed: drop */ }
      localStorage.removeItem(pendingKey);
    }
    const r = await sendReliably('POST', '/api/start');
    if (r.status !== 200) return fatal((r.json && r.json.error) || 'This link does not open a study.');
    study = r.json.study;
    state = r.json.state;
    document.title = study.name;
    buildAnchors();
    if (state.phase === 'done') return render();
    if (state.position === 0 && !state.resumed) {
      if (!(await consent())) {
        return fatal('You did not agree, so the study ends here. Nothing of yours was stored. You may close this page.');
      }
      await message('Instructions', (study.instructions ? study.instructions + '\n\n' : '') + KEYS, 'Begin');
    } else {
      await message('Welcome back', 'You continue where you last left off: image ' + (state.mainDone + 1) + ' of ' +
        state.mainTotal + '.', 'Continue');
    }
    await render();
  }

  main().catch((e) => fatal(String(e && e.message ? e.message : e)));
})();
