// Starts the console. A file, not an inline script, so a strict Content-Security-Policy can
// allow it. A start that fails (the code cannot be fetched or compiled, or stops at once) is
// said in words with what to do (#start-failed in index.html), never a blank page.
const failed = (error) => {
  const box = document.getElementById("start-failed");
  if (!box) return;
  // The browser's reason may quote a URL: never show credentials written into one.
  const reason = String((error && error.message) || error || "").replace(/\/\/[^/\s@]*@/g, "//");
  box.querySelector("[data-reason]").textContent = reason;
  box.querySelector("[data-reload]").addEventListener("click", () => location.reload());
  box.hidden = false;
};

// Each route's page chunks in one pack (written by `cargo xtask build`): fetched from the
// start, beside the main module, in one request instead of one per chunk. The split runtime
// takes each chunk from it once; a chunk not in it, or a pack that failed, is fetched on its
// own (so a retry after a failure fetches again).
const ROUTES = __ROUTES__;
let pack;
globalThis.__obcPackedChunk = (url) => {
  if (!pack) return undefined;
  const name = url.pathname.split("/").pop();
  return pack.then(
    (chunks) => {
      const chunk = chunks.get(name);
      chunks.delete(name);
      return chunk ? new Response(chunk, { headers: { "Content-Type": "application/wasm" } }) : fetch(url);
    },
    () => fetch(url),
  );
};

// A pack: little-endian u32 length, JSON index [[name, bytes], ...], then the chunks in order.
const readPack = (buffer) => {
  const indexLength = new DataView(buffer).getUint32(0, true);
  const index = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, indexLength)));
  const chunks = new Map();
  let offset = 4 + indexLength;
  for (const [name, length] of index) {
    chunks.set(name, buffer.slice(offset, offset + length));
    offset += length;
  }
  return chunks;
};

const fetchPageChunks = () => {
  const base = new URL(document.baseURI).pathname.replace(/\/$/, "");
  const path = location.pathname.slice(base.length).replace(/\/$/, "") || "/";
  const segs = path.split("/");
  const route = ROUTES.find(([pattern]) => {
    const p = pattern.split("/");
    return p.length === segs.length && p.every((s, i) => s.startsWith(":") ? segs[i] !== "" : s === segs[i]);
  });
  if (!route) return;
  pack = fetch(route[1])
    .then((r) => r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${route[1]}: ${r.status}`)))
    .then(readPack);
  pack.catch(() => {});
};

// The colours chosen in Settings (src/theme.rs), before the first paint.
const applyTheme = () => {
  let theme = null;
  try {
    theme = localStorage.getItem("obc.theme");
  } catch (_) {
    // Storage denied (a private mode, an embed): the system's colours.
  }
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
};

// Embedded in a portal (`?embed=1`, kept for the tab in sessionStorage `obc.embed`): no
// header (the app reads `<html data-embed>`), the page's height posted to the portal, links
// that leave the console opened where the portal says (`links=top|blank|self`, default a new
// tab), and theme custom properties (`--obc-*`) taken from the portal. `parent=ORIGIN` limits
// who it talks to; without it, messages go to whichever page frames it (`frame-ancestors`
// decides who may), and nothing it sends is private: a height and "ready".
const embed = () => {
  const query = new URLSearchParams(location.search);
  const session = (k, v) => {
    try {
      if (v === undefined) return sessionStorage.getItem(k);
      if (v === null) sessionStorage.removeItem(k);
      else sessionStorage.setItem(k, v);
    } catch (_) {
      // Storage denied: the address alone decides.
    }
    return null;
  };
  if (query.get("embed") === "0") session("obc.embed", null);
  if (query.get("embed") === "1") {
    session("obc.embed", JSON.stringify({ links: query.get("links"), parent: query.get("parent") }));
  }
  let options;
  try {
    options = JSON.parse(session("obc.embed") || "null");
  } catch (_) {
    options = null;
  }
  if (!options) return;
  const root = document.documentElement;
  root.dataset.embed = "1";
  const target = { top: "_top", self: "_self" }[options.links] || "_blank";
  const origin = /^https?:\/\/[^/]+$/.test(options.parent || "") ? options.parent : "*";
  const post = (message) => window.parent !== window && window.parent.postMessage(message, origin);

  // The page's height, or an open dialog's if taller: a dialog is fixed in the frame's
  // viewport, so a frame only as tall as the page would cut it off.
  let height = 0;
  const measure = () => {
    const dialogs = [...document.querySelectorAll(".modal")].map((m) => m.scrollHeight + 48);
    const h = Math.ceil(Math.max(root.getBoundingClientRect().height, ...dialogs));
    if (h !== height) post({ type: "obc:height", height: (height = h) });
  };
  new ResizeObserver(measure).observe(root);
  new MutationObserver(measure).observe(document.body, { childList: true, subtree: true });

  // Before the router sees the click: a link out of the console gets the portal's target.
  const base = new URL(document.baseURI);
  addEventListener("click", (ev) => {
    const a = ev.target instanceof Element && ev.target.closest("a[href]");
    if (!a) return;
    const url = new URL(a.href, base);
    const inside = url.origin === base.origin && url.pathname.startsWith(base.pathname);
    if (inside && a.rel !== "external") return;
    a.target = target;
    if (target === "_blank") a.rel = "external noopener";
  }, true);

  addEventListener("message", (ev) => {
    if (ev.source !== window.parent || (origin !== "*" && ev.origin !== origin)) return;
    const m = ev.data;
    if (!m || m.type !== "obc:theme" || typeof m.properties !== "object") return;
    for (const [name, value] of Object.entries(m.properties)) {
      // Only the console's own properties, and values that cannot load anything.
      if (/^--obc-[a-z0-9-]{1,40}$/.test(name) && /^[#(),.%\w\s-]{1,80}$/.test(String(value)) && !/url\(/i.test(value)) {
        root.style.setProperty(name, String(value));
      }
    }
    if (m.colorScheme === "light" || m.colorScheme === "dark") root.dataset.theme = m.colorScheme;
  });
  post({ type: "obc:ready" });
};

const start = async () => {
  // A browser refuses to fetch the code from an address that carries `user:password@`:
  // open the same page without them.
  if (location.username || location.password) {
    const clean = new URL(location.href);
    clean.username = "";
    clean.password = "";
    location.replace(clean.href);
    return;
  }
  document.getElementById("start-blocked")?.remove();
  applyTheme();
  embed();
  fetchPageChunks();
  let glue;
  try {
    glue = await import("./__MAIN_JS__");
  } catch (e) {
    return failed(e);
  }
  // The download of the wasm is retried (at once, after 0.5 s, after 2 s); a trap while
  // starting (a panic: WebAssembly.RuntimeError) is not, it would fail the same way again.
  let last;
  for (const delay of [0, 500, 2000]) {
    if (delay) await new Promise((r) => setTimeout(r, delay));
    try {
      await glue.default();
      return;
    } catch (e) {
      last = e;
      if (e instanceof WebAssembly.RuntimeError || e instanceof WebAssembly.CompileError) break;
    }
  }
  failed(last);
};

start();
