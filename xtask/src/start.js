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

// Each route's page chunks (written by `cargo xtask build`): fetched from the start, beside the
// main module, instead of after it has started and routed.
const ROUTES = __ROUTES__;

const preloadPageChunks = () => {
  const base = new URL(document.baseURI).pathname.replace(/\/$/, "");
  const path = location.pathname.slice(base.length).replace(/\/$/, "") || "/";
  const segs = path.split("/");
  const route = ROUTES.find(([pattern]) => {
    const p = pattern.split("/");
    return p.length === segs.length && p.every((s, i) => s.startsWith(":") ? segs[i] !== "" : s === segs[i]);
  });
  for (const file of route ? route[1] : []) {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    // The same request mode as the split loader's fetch(), so the browser reuses the answer.
    link.crossOrigin = "anonymous";
    link.href = file;
    document.head.appendChild(link);
  }
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
  preloadPageChunks();
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
