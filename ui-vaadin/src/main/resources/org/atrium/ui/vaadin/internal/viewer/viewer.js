// The slice viewer in the browser: scrolling, window/level, zoom and pan run here without a round
// trip to the server; the server only renders the PNGs. Called with
// $0 = the viewer element, $1 = JSON of the stack, $2 = the image servlet's base URL.
(function (el, stackJson, base) {
  const stack = JSON.parse(stackJson);
  const slices = stack.slices;
  const img = el.querySelector('img.slice');
  const overlay = el.querySelector('img.overlay');
  const frame = el.querySelector('.frame');
  const slider = el.querySelector('input.slider');
  const label = el.querySelector('.slice-label');
  const st = el.atrium = {
    i: Math.floor(slices.length / 2),
    c: stack.c, w: stack.w,
    zoom: 1, x: 0, y: 0,
    seg: null, segSources: {}, segments: '',
    shown: 0,
  };
  const cache = new Map();
  function url(k) {
    const s = slices[k];
    let u = base + '/instances/' + s.sop + '/' + s.frame + '.png';
    if (st.c !== null && st.w !== null) {
      u += '?c=' + Math.round(st.c) + '&w=' + Math.max(1, Math.round(st.w));
    }
    return u;
  }
  function preload(k) {
    if (k < 0 || k >= slices.length) return;
    const u = url(k);
    if (cache.has(u)) return;
    const p = new Image();
    p.src = u;
    cache.set(u, p);
    if (cache.size > 400) cache.delete(cache.keys().next().value);
  }
  function transform() {
    frame.style.transform = 'translate(' + st.x + 'px,' + st.y + 'px) scale(' + st.zoom + ')';
  }
  function show() {
    if (slices.length === 0) return;
    st.i = Math.max(0, Math.min(slices.length - 1, st.i));
    const s = slices[st.i];
    img.src = url(st.i);
    slider.value = String(st.i);
    label.textContent = 'Slice ' + (st.i + 1) + ' / ' + slices.length +
      (st.w !== null ? '   W ' + Math.round(st.w) + '  L ' + Math.round(st.c) : '');
    el.setAttribute('data-slice', String(st.i));
    if (st.seg && st.segSources[s.sop] && st.segments !== '') {
      overlay.src = base + '/seg/' + st.seg + '/' + s.sop + '/' + s.frame + '.png?segments=' + st.segments;
      overlay.style.display = '';
    } else {
      overlay.removeAttribute('src');
      overlay.style.display = 'none';
    }
    for (let d = 1; d <= 3; d++) { preload(st.i + d); preload(st.i - d); }
  }
  img.addEventListener('load', () => { st.shown++; el.setAttribute('data-shown', String(st.shown)); });
  el.atriumShow = show;
  el.atriumSetWindow = (c, w) => { st.c = c; st.w = w; cache.clear(); show(); };
  el.atriumSetSeg = (seg, sources, segments) => {
    st.seg = seg; st.segSources = {};
    (sources || []).forEach(s => st.segSources[s] = true);
    st.segments = segments; show();
  };
  el.atriumZoom = (factor) => {
    if (factor === 0) { st.zoom = 1; st.x = 0; st.y = 0; } else { st.zoom = Math.max(0.25, Math.min(16, st.zoom * factor)); }
    transform();
  };
  el.addEventListener('wheel', (e) => {
    e.preventDefault();
    if (e.ctrlKey) { el.atriumZoom(e.deltaY < 0 ? 1.1 : 1 / 1.1); return; }
    st.i += e.deltaY > 0 ? 1 : -1;
    show();
  }, { passive: false });
  slider.max = String(Math.max(0, slices.length - 1));
  slider.addEventListener('input', () => { st.i = parseInt(slider.value, 10); show(); });
  let drag = null;
  el.addEventListener('contextmenu', (e) => e.preventDefault());
  el.addEventListener('mousedown', (e) => {
    if (e.target === slider) return;
    drag = { button: e.button, shift: e.shiftKey, x: e.clientX, y: e.clientY, c: st.c, w: st.w, px: st.x, py: st.y };
    e.preventDefault();
  });
  window.addEventListener('mouseup', () => { if (drag && drag.button === 0 && !drag.shift) { cache.clear(); show(); } drag = null; });
  window.addEventListener('mousemove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (drag.button === 0 && !drag.shift) {
      // Left drag: right widens the window, down raises the level, as on most workstations.
      const w0 = drag.w === null ? 400 : drag.w, c0 = drag.c === null ? 40 : drag.c;
      st.w = Math.max(1, w0 + dx * 2);
      st.c = c0 + dy * 2;
      label.textContent = 'Slice ' + (st.i + 1) + ' / ' + slices.length + '   W ' + Math.round(st.w) + '  L ' + Math.round(st.c);
    } else {
      st.x = drag.px + dx; st.y = drag.py + dy; transform();
    }
  });
  el.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'PageDown') { st.i++; show(); e.preventDefault(); }
    if (e.key === 'ArrowUp' || e.key === 'PageUp') { st.i--; show(); e.preventDefault(); }
  });
  show();
})($0, $1, $2);
