// Zelfscan Live: countdowns, charts, and keeping live pushes from overwriting unsaved typing.
(function () {
  "use strict";
  var deadline = null; // client time (ms) at which the current block ends
  var running = false;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function formatRemaining(ms) {
    var negative = ms < 0;
    var s = Math.floor(Math.abs(ms) / 1000);
    return (negative ? "-" : "") + Math.floor(s / 60) + ":" + pad(s % 60);
  }

  // The block's end is the server's time of the render (data-server-now) plus what was left then, so the
  // time a push took to arrive is not added to the block. The server's clock is estimated from the least
  // delayed render seen (serverNow - Date.now() is the clock offset minus that render's delay).
  var clockOffset = null;
  function readStatus() {
    var status = document.getElementById("block-status");
    if (!status || !status.dataset.remaining) { deadline = null; return; }
    var remaining = parseInt(status.dataset.remaining, 10);
    var serverNow = parseInt(status.dataset.serverNow, 10);
    running = status.dataset.running === "1";
    if (isNaN(serverNow)) { deadline = Date.now() + remaining; return; }
    var seen = serverNow - Date.now();
    if (clockOffset === null || seen > clockOffset || clockOffset - seen > 60000) clockOffset = seen;
    deadline = serverNow + remaining - clockOffset;
  }

  function tick() {
    if (deadline === null || !running) return;
    var el = document.querySelector("#block-status .countdown");
    if (!el) return;
    var ms = deadline - Date.now();
    el.textContent = formatRemaining(ms);
    el.classList.toggle("over", ms < 0);
  }

  function drawChart(target) {
    var spec = JSON.parse(target.dataset.spec);
    window.Plotly.react(target, spec.data, spec.layout, { displayModeBar: false, responsive: true, staticPlot: false });
    target.dataset.drawn = "1";
  }

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") return;
    root = root || document;
    if (root.matches && root.matches(".plotly-chart[data-spec]")) { drawChart(root); return; }
    root.querySelectorAll(".plotly-chart[data-spec]").forEach(drawChart);
  }

  // Chart data pushed on its own (app/live/deltas.py): {chart id: [r of each trace]}. The page's
  // spec is updated at once; Plotly redraws only the charts that changed, at most once per frame,
  // so a burst of changes never queues up drawing work.
  var chartsToDraw = {};
  var drawScheduled = false;
  function drawPendingCharts() {
    drawScheduled = false;
    var ids = Object.keys(chartsToDraw);
    chartsToDraw = {};
    ids.forEach(function (id) {
      var target = document.getElementById(id);
      if (target && typeof window.Plotly !== "undefined") drawChart(target);
    });
  }
  function applyChartData(deltas) {
    Object.keys(deltas).forEach(function (id) {
      var target = document.getElementById(id);
      if (!target || !target.dataset.spec) return;
      var spec = JSON.parse(target.dataset.spec);
      deltas[id].forEach(function (r, i) { if (spec.data[i]) spec.data[i].r = r; });
      target.dataset.spec = JSON.stringify(spec);
      chartsToDraw[id] = true;
    });
    if (!drawScheduled && Object.keys(chartsToDraw).length) {
      drawScheduled = true;
      (window.requestAnimationFrame || setTimeout)(drawPendingCharts);
    }
  }

  function isDirty(field) {
    return field.tagName === "TEXTAREA" && field.value !== (field.dataset.saved || "");
  }

  function showAlert(html) {
    var alert = document.getElementById("alert");
    if (!alert) return;
    alert.innerHTML = html;
    alert.hidden = false;
    clearTimeout(showAlert.timer);
    showAlert.timer = setTimeout(function () { alert.hidden = true; }, 10000);
  }

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.querySelectorAll) return;
    // Keep what this person is typing; they will see the newer version when they save. (A participant's
    // page, data-drafts, swaps anyway and puts the typing back: room_swaps.js.)
    var dirty = Array.prototype.some.call(target.querySelectorAll("textarea"), isDirty);
    if (dirty && !target.closest("[data-drafts]")) {
      event.detail.shouldSwap = false;
      target.classList.add("stale");
      return;
    }
    var incoming = event.detail.fragment && event.detail.fragment.firstElementChild;
    // A card pushed to the whole room has no own view in it: keep this person's own (with what is ticked).
    // (A whole room pushed to all gets its own views from #room-own, in the same message: room_swaps.js.)
    var card = incoming && incoming.classList && incoming.classList.contains("question");
    var shared = card && incoming.querySelector("form.own-view[data-shared]");
    var own = shared && target.querySelector("form.own-view");
    if (own) {
      var copy = own.cloneNode(true);
      var before = own.querySelectorAll("input"), after = copy.querySelectorAll("input");
      for (var i = 0; i < before.length && i < after.length; i++) after[i].checked = before[i].checked;
      shared.replaceWith(copy);
    }
    // A list someone opened stays open when it is pushed anew.
    if (target.tagName === "DETAILS" && target.open && incoming && incoming.tagName === "DETAILS") incoming.open = true;
    // (A participant's page keeps a save's "Opgeslagen." when the room's echo of it arrives: room_swaps.js.)
  });

  // Every write carries this browser's form token (app/core/csrf.py), read from the page's meta tag.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb === "get") return;
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) event.detail.headers["X-CSRF-Token"] = meta.content;
  });

  // No inline handlers (the CSP forbids them): behaviour that markup asks for by data attribute.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (event.detail.successful && form && form.matches && form.matches("form[data-reset-on-success]")) form.reset();
  });

  // A form saved without a swap (hx-swap="none", e.g. the gespreksleider's notes) stays on the page: what
  // it sent is now the saved text, so its fields are no longer "unsaved typing" that blocks live pushes.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches("form[hx-swap='none']")) return;
    form.querySelectorAll("textarea[data-saved]").forEach(function (field) { field.dataset.sending = field.value; });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches("form[hx-swap='none']")) return;
    form.querySelectorAll("textarea[data-saved]").forEach(function (field) {
      if (event.detail.successful && field.dataset.sending !== undefined) field.dataset.saved = field.dataset.sending;
      delete field.dataset.sending;
    });
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  // A co-edited form (data-versioned) sends only the fields this person changed, so saving never
  // overwrites, or conflicts with, a field someone else changed in the meantime.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-versioned")) return;
    form.querySelectorAll("[name][data-saved]").forEach(function (field) {
      if (field.value === field.dataset.saved) delete event.detail.parameters[field.name];
    });
  });

  var focusedId = null;
  var keptTyped = {};
  var afterSwapDone = new WeakSet();
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var active = document.activeElement;
    focusedId = active && active.id ? active.id : null;
    // What the facilitator is typing in a dashboard form (data-keep-typed) survives a live re-render.
    keptTyped = {};
    var target = event.detail.target;
    if (target && target.querySelectorAll) {
      target.querySelectorAll("input[data-keep-typed][id]").forEach(function (field) {
        if (field.value) keptTyped[field.id] = field.value;
      });
    }
  });
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    Object.keys(keptTyped).forEach(function (id) {
      var field = document.getElementById(id);
      if (field && !field.value) field.value = keptTyped[id];
    });
    keptTyped = {};
    if (focusedId) {
      var again = document.getElementById(focusedId);
      if (again && again !== document.activeElement) again.focus({ preventScroll: true });
    }
    var swapped = event.target;  // the new element (detail.target is the one it replaced)
    // htmx fires this event again for every element settled earlier in the same websocket message, and for
    // the socket's own element (the whole page): act once per element swapped in, never on the socket's
    // element, or every chart on the page is redrawn once per piece of every push.
    if (!swapped || (swapped.hasAttribute && swapped.hasAttribute("ws-connect")) || afterSwapDone.has(swapped)) return;
    afterSwapDone.add(swapped);
    if (swapped.id === "dash-deltas") { applyChartData(JSON.parse(swapped.dataset.charts || "{}")); return; }
    if (swapped && swapped.id === "block-status") { readStatus(); tick(); }
    if (swapped && swapped.querySelectorAll) drawCharts(swapped);
  });
  document.addEventListener("htmx:afterSwap", function (event) { readStatus(); drawCharts(event.detail.target.parentNode || document); });

  // A change that was not stored (503: the server's disk is full or read-only; or no connection) is
  // reported at the control that was used, not far away at the bottom of the page. Nothing is swapped,
  // so what the person chose or typed stays, and "Opnieuw proberen" sends the same form again.
  function notStoredAtControl(elt, html) {
    var form = elt && elt.closest ? elt.closest("form") : null;
    if (!form) return false;
    var box = form.querySelector(":scope > .save-error");
    if (!box) {
      box = document.createElement("div");
      box.className = "save-error";
      form.appendChild(box);
    }
    box.innerHTML = html;
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "retry";
    retry.textContent = "Opnieuw proberen";
    retry.addEventListener("click", function () {
      box.remove();
      if ((form.getAttribute("hx-trigger") || "").indexOf("change") >= 0) window.htmx.trigger(form, "change");
      else form.requestSubmit();
    });
    box.appendChild(retry);
    return true;
  }
  // Saving one control re-renders its whole question: what is typed (and not yet stored) in another
  // of its text fields — say after a refused save — is put back.
  var typed = {};
  document.addEventListener("htmx:beforeSwap", function (event) {
    typed = {};
    var target = event.detail.target;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!target || !target.querySelectorAll) return;
    target.querySelectorAll("textarea[id]").forEach(function (field) {
      if (isDirty(field) && !(source && source.contains && source.contains(field))) typed[field.id] = field.value;
    });
  });
  document.addEventListener("htmx:afterSwap", function () {
    Object.keys(typed).forEach(function (id) {
      var field = document.getElementById(id);
      if (field) field.value = typed[id];
    });
    typed = {};
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    var box = form && form.querySelector(":scope > .save-error");
    if (box) box.remove();
  });

  document.addEventListener("htmx:responseError", function (event) {
    if (event.defaultPrevented) return;  // handled at the control (room.js)
    var xhr = event.detail.xhr;
    var text = xhr.responseText || "";
    if ((xhr.getResponseHeader("content-type") || "").indexOf("json") >= 0) {
      try { text = "<p>" + JSON.parse(text).detail + "</p>"; } catch (e) { text = "<p>Er ging iets mis.</p>"; }
    }
    if (xhr.status === 503) {
      var html = text.indexOf("role=\"alert\"") >= 0 ? text
        : "<div class=\"error\" role=\"alert\">" + (text || "<p>Niet opgeslagen — probeer het opnieuw.</p>") + "</div>";
      if (notStoredAtControl(event.detail.elt, html)) return;
    }
    showAlert(text || "<p>Er ging iets mis (" + xhr.status + ").</p>");
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (event.defaultPrevented) return;  // handled at the control (room.js)
    var message = "<p>Niet opgeslagen: geen verbinding met de server. Probeer het opnieuw.</p>";
    if (notStoredAtControl(event.detail.elt, "<div class=\"error\" role=\"alert\">" + message + "</div>")) return;
    showAlert("<p>Geen verbinding met de server: je wijziging is <strong>niet</strong> opgeslagen. Probeer het zo opnieuw.</p>");
  });
  // Reconnecting: at once when the network comes back (or the page is shown again), else after a short
  // back-off with jitter, capped at a few seconds (htmx-ext-ws's own would wait up to 64 s). The extension's
  // retry timer is pushed out of the way; these timers call its socket's reconnect instead.
  var RECONNECT_CAP_MS = 3000;
  var RECONNECT_STOP = [1008, 1009];  // policy, message too big: trying again would be refused again
  var socket = { wrapper: null, state: "connecting", retries: 0, timer: null };
  function backoff(retries) {
    var ceiling = Math.min(RECONNECT_CAP_MS, 250 * Math.pow(2, retries));
    return ceiling / 2 + Math.random() * ceiling / 2;
  }
  function showConnection(state) {
    socket.state = state;
    document.body.dataset.live = state;
    var c = document.getElementById("connection");
    if (!c) return;
    c.hidden = state === "open" && navigator.onLine !== false;
    if (c.hidden) return;
    c.textContent = navigator.onLine === false
      ? "Geen netwerk — je scherm gaat verder zodra er weer verbinding is."
      : "Verbinding verbroken — opnieuw verbinden…";
  }
  function reconnectNow() {
    clearTimeout(socket.timer);
    socket.timer = null;
    if (socket.wrapper && socket.state === "closed") { showConnection("connecting"); socket.wrapper.reconnect(); }
  }
  if (window.htmx) window.htmx.config.wsReconnectDelay = function () { return 2147483647; };
  document.addEventListener("htmx:wsClose", function (event) {
    socket.wrapper = event.detail.socketWrapper || socket.wrapper;
    showConnection("closed");
    var code = event.detail.event && event.detail.event.code;
    if (code >= 4000 || RECONNECT_STOP.indexOf(code) >= 0 || !document.querySelector("[ws-connect]")) return;
    clearTimeout(socket.timer);
    socket.timer = setTimeout(reconnectNow, navigator.onLine === false ? RECONNECT_CAP_MS : backoff(socket.retries));
    socket.retries += 1;
  });
  document.addEventListener("htmx:wsOpen", function (event) {
    socket.wrapper = event.detail.socketWrapper || socket.wrapper;
    socket.retries = 0;
    showConnection("open");
  });
  window.addEventListener("online", function () { showConnection(socket.state); reconnectNow(); });
  window.addEventListener("offline", function () { showConnection(socket.state); });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") reconnectNow(); });

  document.addEventListener("DOMContentLoaded", function () {
    readStatus(); tick(); drawCharts(document);
    setInterval(tick, 500);
  });
})();
