// The live view of an aekit session, and its handout: this script builds
// the notebook from the session's frames (package classview says what
// each holds), from the server's event stream or, in a handout, from the
// data in the page. It only shows: nothing here sends code anywhere.
'use strict';
(function () {
  const doc = document;
  const cellsEl = doc.getElementById('cells');
  const statusEl = doc.getElementById('status');
  const whereEl = doc.getElementById('where');
  const followBtn = doc.getElementById('follow');
  const mode = doc.body.dataset.mode === 'handout' ? 'handout' : 'live';
  const SVG = 'http://www.w3.org/2000/svg';

  let cells = new Map();
  let follow = mode === 'live';
  let title = 'aekit session';

  function el(tag, cls, text) {
    const e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function svgEl(tag, attrs) {
    const e = doc.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  function setStatus(cls, text) {
    statusEl.className = 'status ' + cls;
    statusEl.textContent = text;
  }

  // ---- following the newest content --------------------------------
  function atBottom() {
    return window.innerHeight + window.scrollY >= doc.documentElement.scrollHeight - 150;
  }
  let scrollPending = false;
  function changed() {
    if (!follow || scrollPending) return;
    scrollPending = true;
    requestAnimationFrame(function () {
      scrollPending = false;
      if (follow) window.scrollTo(0, doc.documentElement.scrollHeight);
    });
  }
  // The page stops following when the reader scrolls up (to look back at
  // a picture, say) and follows again at the bottom or with the button.
  // Growing content and loading pictures never stop it.
  let dragging = false;
  function setFollow(on) {
    if (follow === on) return;
    follow = on;
    followBtn.hidden = on;
    if (on) changed();
  }
  window.addEventListener('scroll', function () {
    if (mode !== 'live') return;
    if (atBottom()) setFollow(true);
    else if (dragging) setFollow(false);
  }, { passive: true });
  window.addEventListener('pointerdown', function () { dragging = true; }, { passive: true });
  window.addEventListener('pointerup', function () { dragging = false; }, { passive: true });
  window.addEventListener('touchmove', function () {
    if (mode === 'live' && !atBottom()) setFollow(false);
  }, { passive: true });
  window.addEventListener('wheel', function (e) {
    if (mode === 'live' && e.deltaY < 0) setFollow(false);
  }, { passive: true });
  window.addEventListener('keydown', function (e) {
    if (mode === 'live' && (e.key === 'ArrowUp' || e.key === 'PageUp' || e.key === 'Home')) setFollow(false);
  });
  followBtn.addEventListener('click', function () { setFollow(true); });

  // ---- text ----------------------------------------------------------
  // A step's text: paragraphs separated by blank lines; a paragraph whose
  // lines are all indented is code; `x` is inline code.
  function stepText(text) {
    const box = el('div', 'text');
    for (const para of text.split(/\n\s*\n/)) {
      const lines = para.split('\n').filter(function (l) { return l.trim() !== ''; });
      if (lines.length === 0) continue;
      if (lines.every(function (l) { return /^(\t| {2,})/.test(l); })) {
        box.append(el('pre', 'code', lines.map(function (l) { return l.replace(/^(\t| {4}| {2})/, ''); }).join('\n')));
        continue;
      }
      const p = el('p');
      const parts = lines.map(function (l) { return l.trim(); }).join(' ').split('`');
      parts.forEach(function (part, i) {
        if (part === '') return;
        p.append(i % 2 === 1 ? el('code', '', part) : doc.createTextNode(part));
      });
      box.append(p);
    }
    return box;
  }

  function fmtLoss(v) {
    if (v === null || v === undefined) return '–';
    if (v !== 0 && Math.abs(v) < 0.001) return v.toExponential(2);
    return v.toPrecision(4);
  }

  function fmtInt(n) {
    return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  function fmtMillis(ms) {
    if (ms < 1000) return ms + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  }

  // ---- cells -----------------------------------------------------------
  function cellOf(n) {
    let c = cells.get(n);
    if (c) return c;
    const root = el('section', 'cell running');
    root.dataset.cell = String(n);
    const head = el('div', 'step');
    head.hidden = true;
    const input = el('div', 'in');
    const code = el('pre', 'code');
    input.append(el('div', 'label', '[' + n + ']'), code);
    const body = el('div', 'out');
    const foot = el('div', 'foot', mode === 'live' ? 'running…' : '');
    root.append(head, input, body, foot);
    cellsEl.append(root);
    const empty = doc.getElementById('empty');
    if (empty) empty.remove();
    c = { n: n, root: root, head: head, code: code, body: body, foot: foot, train: null };
    cells.set(n, c);
    return c;
  }

  function showStep(c, s) {
    c.head.replaceChildren();
    let crumb = s.lesson + ' · step ' + (s.index + 1) + ' of ' + s.count;
    if (s.settings) crumb += ' · with ' + s.settings;
    c.head.append(el('div', 'crumb', crumb), el('h2', '', s.title));
    if (s.text) c.head.append(stepText(s.text));
    c.head.hidden = false;
    whereEl.textContent = s.lesson + ' · step ' + (s.index + 1) + '/' + s.count + ': ' + s.title;
  }

  function showCode(c, spans) {
    c.code.replaceChildren();
    for (const sp of spans || []) {
      if (sp[0]) c.code.append(el('span', sp[0], sp[1]));
      else c.code.append(doc.createTextNode(sp[1]));
    }
  }

  // Output goes into the cell's last text block, or a new one after a
  // picture or the training box.
  function output(c, text) {
    let last = c.body.lastElementChild;
    if (!last || !last.classList.contains('text')) {
      last = el('pre', 'text');
      c.body.append(last);
    }
    last.append(doc.createTextNode(text));
  }

  function showPicture(c, f) {
    const fig = el('figure', 'pic');
    const img = el('img');
    img.alt = f.name;
    img.decoding = 'async';
    img.addEventListener('load', changed);
    img.src = f.src;
    fig.append(img, el('figcaption', '', f.name));
    c.body.append(fig);
  }

  // ---- training ----------------------------------------------------------
  function trainOf(c) {
    if (c.train) return c.train;
    const box = el('div', 'train');
    const prog = el('div', 'prog');
    const line = el('div', 'line', '');
    const bar = el('div', 'bar');
    const fill = el('div', 'fill');
    bar.append(fill);
    prog.append(line, bar);
    const svg = svgEl('svg', { class: 'curve', viewBox: '0 0 900 360', role: 'img' });
    svg.dataset.points = '0';
    svg.hidden = true;
    box.append(prog, svg);
    c.body.append(box);
    c.train = { box: box, line: line, fill: fill, svg: svg, series: new Map(), epochs: 1, models: new Set() };
    return c.train;
  }

  function progress(c, p) {
    const t = trainOf(c);
    let s = (p.model > 1 ? 'model ' + p.model + ' · ' : '') +
      'epoch ' + p.epoch + '/' + p.epochs + ' · batch ' + p.batch + '/' + p.batches +
      ' · loss ' + fmtLoss(p.loss);
    if (p.ips > 0) s += ' · ' + fmtInt(p.ips) + ' images/s';
    t.line.textContent = s;
    const done = ((p.epoch - 1) + p.batch / Math.max(p.batches, 1)) / Math.max(p.epochs, 1);
    t.fill.style.width = (100 * Math.min(1, Math.max(0, done))).toFixed(1) + '%';
  }

  function epoch(c, e) {
    const t = trainOf(c);
    t.models.add(e.model);
    t.epochs = Math.max(t.epochs, e.epochs, e.epoch);
    const add = function (kind, v) {
      if (v === null || v === undefined) return;
      const key = e.model + '/' + kind;
      let s = t.series.get(key);
      if (!s) {
        s = { model: e.model, kind: kind, pts: [] };
        t.series.set(key, s);
      }
      // A model trained again in the same cell starts a new run.
      if (s.pts.length && e.epoch <= s.pts[s.pts.length - 1][0]) s.pts = [];
      s.pts.push([e.epoch, v]);
    };
    add('train', e.train);
    add('val', e.val);
    t.last = e;
    if (mode === 'handout' || t.box.classList.contains('done')) epochLine(t);
    drawCurve(t);
  }

  // epochLine says where training ended: the last epoch and its losses.
  function epochLine(t) {
    const e = t.last;
    if (!e) return;
    t.line.textContent = (e.model > 1 ? 'model ' + e.model + ' · ' : '') + 'epoch ' + e.epoch + '/' + e.epochs +
      ' · train loss ' + fmtLoss(e.train) + (e.val !== null && e.val !== undefined ? ' · validation ' + fmtLoss(e.val) : '');
  }

  // drawCurve draws every series of a cell's training: loss against
  // epoch, train solid, validation dashed; one run per model.
  function drawCurve(t) {
    const W = 900, H = 360, L = 96, R = 24, T = 50, B = 58;
    const svg = t.svg;
    let lo = Infinity, hi = -Infinity, n = 0;
    for (const s of t.series.values()) {
      for (const p of s.pts) {
        lo = Math.min(lo, p[1]);
        hi = Math.max(hi, p[1]);
        n++;
      }
    }
    svg.dataset.points = String(n);
    if (n === 0) return;
    svg.hidden = false;
    if (hi - lo < 1e-12) {
      const pad = Math.abs(hi) * 0.05 || 0.05;
      lo -= pad;
      hi += pad;
    } else {
      const pad = (hi - lo) * 0.06;
      lo -= pad;
      hi += pad;
    }
    const x0 = 1, x1 = Math.max(2, t.epochs);
    const X = function (e) { return L + (e - x0) / (x1 - x0) * (W - L - R); };
    const Y = function (v) { return T + (hi - v) / (hi - lo) * (H - T - B); };
    svg.replaceChildren();
    for (let i = 0; i <= 3; i++) {
      const v = lo + (hi - lo) * i / 3;
      svg.append(svgEl('line', { class: 'gridline', x1: L, x2: W - R, y1: Y(v), y2: Y(v) }));
      const label = svgEl('text', { x: L - 10, y: Y(v) + 7, 'text-anchor': 'end' });
      label.textContent = fmtLoss(v);
      svg.append(label);
    }
    svg.append(svgEl('line', { class: 'axis', x1: L, x2: L, y1: T, y2: H - B }));
    svg.append(svgEl('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
    const ticks = x1 <= 10 ? Array.from({ length: x1 }, function (_, i) { return i + 1; }) : [1, Math.round(x1 / 2), x1];
    for (const e of ticks) {
      const label = svgEl('text', { x: X(e), y: H - B + 26, 'text-anchor': 'middle' });
      label.textContent = String(e);
      svg.append(label);
    }
    const xl = svgEl('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle' });
    xl.textContent = 'epoch';
    svg.append(xl);
    const many = t.models.size > 1;
    const newest = Math.max.apply(null, Array.from(t.models));
    let legendX = L;
    for (const s of t.series.values()) {
      const pts = s.pts.map(function (p) { return X(p[0]).toFixed(1) + ',' + Y(p[1]).toFixed(1); }).join(' ');
      const line = svgEl('polyline', { class: s.kind, points: pts });
      if (many && s.model !== newest) line.setAttribute('stroke-opacity', '0.4');
      svg.append(line);
      const lastPt = s.pts[s.pts.length - 1];
      svg.append(svgEl('circle', { class: s.kind, cx: X(lastPt[0]), cy: Y(lastPt[1]), r: 5 }));
      if (s.model !== newest) continue;
      // The legend names the newest model's runs, with their last loss.
      const lt = svgEl('text', { class: s.kind, x: legendX, y: 26 });
      lt.textContent = (s.kind === 'train' ? 'train' : 'validation') + (many ? ' (model ' + s.model + ')' : '') + ' ' + fmtLoss(lastPt[1]);
      svg.append(lt);
      legendX += many ? 330 : 250;
    }
    changed();
  }

  function cellEnd(c, f) {
    c.root.classList.remove('running');
    c.root.classList.add(f.ok ? 'ok' : 'failed');
    if (f.ok) c.foot.textContent = '✓ ' + fmtMillis(f.ms || 0);
    else c.foot.textContent = '✗ ' + (f.failed || 'failed');
    if (c.train) {
      c.train.box.classList.add('done');
      epochLine(c.train);
    }
  }

  function note(parentEl, cls, text) {
    parentEl.append(el('div', cls, text));
  }

  // ---- frames -----------------------------------------------------------
  function reset(f) {
    cells = new Map();
    cellsEl.replaceChildren();
    title = f.title || title;
    doc.title = title + (mode === 'live' ? ' · live' : '');
    whereEl.textContent = '';
    if (mode === 'handout' && f.started) {
      whereEl.textContent = new Date(f.started).toLocaleString();
    }
    const empty = el('p', 'empty', mode === 'live' ? 'Waiting for the first cell: type Go or a lesson command in the terminal.' : 'This session has no cells.');
    empty.id = 'empty';
    cellsEl.append(empty);
  }

  function handle(f) {
    switch (f.k) {
      case 'hello': reset(f); return;
      case 'cell-start': {
        const c = cellOf(f.cell);
        if (f.step) showStep(c, f.step);
        showCode(c, f.code);
        break;
      }
      case 'output':
        if (f.cell > 0) output(cellOf(f.cell), f.text);
        else {
          const pre = el('pre', 'bg', f.text);
          cellsEl.append(pre);
        }
        break;
      case 'picture': showPicture(cellOf(f.cell), f); break;
      case 'progress': progress(cellOf(f.cell), f.progress); break;
      case 'epoch': epoch(cellOf(f.cell), f.epoch); break;
      case 'cell-end': cellEnd(cellOf(f.cell), f); break;
      case 'command': note(cellsEl, 'cmd', f.text); break;
      case 'kernel': note(cellsEl, 'kernel', 'kernel: ' + f.text); break;
      case 'note': note(f.cell > 0 ? cellOf(f.cell).body : cellsEl, 'note', f.text); break;
      default: return;
    }
    changed();
  }

  // ---- data -----------------------------------------------------------------
  function connect() {
    const es = new EventSource('events');
    es.onopen = function () { setStatus('live', 'live'); };
    es.onmessage = function (m) {
      let f;
      try { f = JSON.parse(m.data); } catch (e) { return; }
      handle(f);
    };
    es.onerror = function () {
      if (es.readyState === EventSource.CLOSED) {
        setStatus('down', 'not connected: trying again');
        setTimeout(connect, 5000);
      } else {
        setStatus('wait', 'reconnecting… (the page keeps what it shows)');
      }
    };
  }

  const data = doc.getElementById('session-data');
  if (mode === 'handout' && data) {
    let frames = [];
    try { frames = JSON.parse(data.textContent); } catch (e) { frames = []; }
    frames.forEach(handle);
    for (const c of cells.values()) {
      if (c.root.classList.contains('running')) {
        c.root.classList.remove('running');
        c.foot.textContent = '';
      }
    }
  } else {
    reset({});
    connect();
  }
})();
