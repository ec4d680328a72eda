// Zelfscan Live, the projector (display and the facilitator's dashboard): presenter keys page the results,
// and the end of a block's time is signalled on the screen.
(function () {
  "use strict";

  var PAGE_KEYS = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };

  function typing(target) {
    return target && target.closest && target.closest("input, select, textarea, [contenteditable]");
  }

  // Presenter keys (a clicker sends PageUp/PageDown or the arrows): one results page on or back. The
  // step is taken from the page this screen shows, so a press repeated before the new page arrives
  // lands on the same page, and every screen follows the server's page.
  document.addEventListener("keydown", function (event) {
    var by = PAGE_KEYS[event.key];
    var results = document.querySelector("#results[data-page]");
    var main = document.querySelector("main[data-page-url]");
    if (!by || !results || !main || typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    window.htmx.ajax("POST", main.dataset.pageUrl, {
      values: { stap: by, vanaf: results.dataset.page },
      swap: "none",
    });
  });

  // The block's time is up: a banner, and the status bar marked (app.js counts down and sets .over).
  function signalTimeUp() {
    var banner = document.getElementById("time-up");
    var countdown = document.querySelector("#block-status .countdown");
    if (!banner) return;
    var over = !!(countdown && countdown.classList.contains("over"));
    if (banner.hidden === over) banner.hidden = !over;
    document.body.classList.toggle("time-is-up", over);
  }

  document.addEventListener("DOMContentLoaded", function () {
    signalTimeUp();
    setInterval(signalTimeUp, 500);
  });
})();
