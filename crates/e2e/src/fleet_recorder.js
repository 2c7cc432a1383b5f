// Installed before any page script (DevTools `Page.addScriptToEvaluateOnNewDocument`), by the
// fleet tests and the bench's fleet figures: every `/api` fetch the page sends, in
// `window.__fleet.api`: its URL, when (ms since navigation), the cluster rows in the DOM then,
// and its status (0 until answered, -1 when it failed).
(() => {
  if (window.__fleet) return;
  const F = (window.__fleet = { api: [] });
  F.rows = () => document.querySelectorAll('[data-testid=cluster-row]').length;
  const orig = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : (input && input.url) || String(input);
    let e = null;
    if (url.includes('/api/')) {
      e = { url, t: performance.now(), rows: F.rows(), status: 0 };
      F.api.push(e);
    }
    const p = orig.apply(this, arguments);
    if (e) p.then((r) => { e.status = r.status; }, () => { e.status = -1; });
    return p;
  };
})();
