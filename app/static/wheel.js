// Rad van Fortuin: turn the disc to the landing angle the server computed (data-angle), so that it
// stops at the spin's landing moment (data-lands-at, server time) on every screen alike. The drawn
// question is not in the page while the wheel turns: the server pushes it at that same moment.
// With prefers-reduced-motion the disc does not turn; the question still appears at that moment.
(function () {
  "use strict";
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // The wheel's markup carries its angles and colours as data (the CSP allows no style attributes).
  function paint(disc) {
    disc.style.background = disc.dataset.background || "";
    disc.querySelectorAll(".wheel-label").forEach(function (label) {
      label.style.transform = "rotate(" + parseFloat(label.dataset.rotation || "0") + "deg) translateY(calc(-1 * var(--wheel-radius, 105px)))";
    });
  }

  function update() {
    var panel = document.getElementById("wheel");
    var disc = panel && panel.querySelector(".wheel-disc");
    if (!disc || disc.dataset.painted) return;
    disc.dataset.painted = "1";
    paint(disc);
    var rest = parseFloat(disc.dataset.rotation || "0");
    disc.style.transition = "none";
    disc.style.transform = "rotate(" + rest + "deg)";
    if (panel.dataset.spinning !== "1" || reduced) return;
    // Time left until the spin stops, by the server's clock at the moment of this render.
    var left = (parseFloat(panel.dataset.landsAt) - parseFloat(panel.dataset.now)) * 1000;
    if (!(left > 0)) return;
    void disc.offsetWidth; // start from the resting angle so each spin visibly turns
    disc.style.transition = "transform " + Math.round(left) + "ms cubic-bezier(.17,.67,.2,1)";
    disc.style.transform = "rotate(" + parseFloat(panel.dataset.angle || "0") + "deg)";
  }

  document.addEventListener("DOMContentLoaded", update);
  document.addEventListener("htmx:oobAfterSwap", update);
  document.addEventListener("htmx:afterSwap", update);
})();
