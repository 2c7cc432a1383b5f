// Injected before any page script of every document (CDP Page.addScriptToEvaluateOnNewDocument)
// by `cargo xtask bench`. Times are performance.now() ms since the navigation started.
(() => {
  if (window.__bench) return;
  const B = (window.__bench = { marks: {}, bodies: [], changes: [] });
  // name -> selectors that must all match; filled in by the bench (MARKS below).
  const MARKS = __MARKS__;
  // Runs `f(now, frameStart)` in the first task after the next frame was rendered (rAF, then
  // a message); frameStart is that frame's rAF timestamp, so `now - frameStart` is the frame's
  // own work and the time before it only the wait for the frame.
  const afterPaint = (f) =>
    requestAnimationFrame((frame) => {
      const c = new MessageChannel();
      c.port1.onmessage = () => f(performance.now(), frame);
      c.port2.postMessage(0);
    });
  B.afterPaint = afterPaint;
  const check = () => {
    for (const name in MARKS) {
      if (name in B.marks) continue;
      if (MARKS[name].every((s) => document.querySelector(s))) {
        B.marks[name] = performance.now();
        afterPaint((t, frame) => {
          B.marks[name + ':frame'] = frame;
          B.marks[name + ':painted'] = t;
        });
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  // When each fetched body has been read (the data is in the page, not only on the wire).
  for (const m of ['text', 'json', 'arrayBuffer']) {
    const orig = Response.prototype[m];
    if (!orig) continue;
    Response.prototype[m] = function () {
      const url = this.url;
      return orig.call(this).then((v) => {
        B.bodies.push({ url, t: performance.now() });
        return v;
      });
    };
  }
})();
