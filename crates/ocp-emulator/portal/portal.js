// The portal's side of embedding: frame the console in embed mode, give it the portal's
// colours when it is ready, and size the frame to the console's height.
//   ?src=/path/of/the/console/   where the console is (default: this server's)
//   ?links=top|blank|self        where links out of the console open (default: a new tab)
//   ?scheme=light|dark           the console's colour scheme (default: the system's)
const params = new URLSearchParams(location.search);
const frame = document.getElementById("console");
const src = new URL(params.get("src") || frame.dataset.console, location.href);
src.searchParams.set("embed", "1");
src.searchParams.set("links", params.get("links") || "blank");
src.searchParams.set("parent", location.origin);

addEventListener("message", (ev) => {
  if (ev.source !== frame.contentWindow || ev.origin !== src.origin) return;
  const m = ev.data || {};
  if (m.type === "obc:ready") {
    // Any `--obc-*` property of style/theme.css can be set this way.
    const theme = {
      type: "obc:theme",
      properties: { "--obc-accent": "#6b2fd6", "--obc-focus": "#6b2fd6", "--obc-font": "Georgia, serif" },
    };
    if (params.get("scheme")) theme.colorScheme = params.get("scheme");
    frame.contentWindow.postMessage(theme, src.origin);
  }
  if (m.type === "obc:height" && Number.isFinite(m.height)) {
    frame.style.height = `${Math.max(200, m.height)}px`;
    document.getElementById("portal-height").textContent = String(m.height);
  }
});
frame.src = src.href;
