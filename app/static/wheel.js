// Rad van Fortuin: animate a new spin to the landing angle the server computed (data-angle).
// Every screen gets the same spin id and angle, so every screen lands on the same segment.
(function () {
  "use strict";
  var seen = null; // the spin id this page has already shown

  // The wheel's markup carries its angles and colours as data (the CSP allows no style attributes).
  function paint(panel) {
    var disc = panel.querySelector(".wheel-disc");
    if (!disc) return;
    disc.style.background = disc.dataset.background || "";
    disc.style.transform = "rotate(" + parseFloat(disc.dataset.rotation || "0") + "deg)";
    disc.querySelectorAll(".wheel-label").forEach(function (label) {
      label.style.transform = "rotate(" + parseFloat(label.dataset.rotation || "0") + "deg) translateY(-105px)";
    });
  }

  function settle(panel) {
    panel.classList.remove("spinning");
  }

  function update() {
    var panel = document.getElementById("wheel");
    if (!panel) return;
    if (!panel.classList.contains("spinning")) paint(panel);
    var spin = panel.dataset.spin || "";
    var disc = panel.querySelector(".wheel-disc");
    if (seen === null || !disc || !spin || spin === seen) { seen = spin; return; }
    seen = spin;
    var angle = parseFloat(panel.dataset.angle || "0");
    panel.classList.add("spinning");
    disc.style.transition = "none";
    disc.style.transform = "rotate(0deg)";
    void disc.offsetWidth; // restart from 0 so each spin visibly turns
    disc.style.transition = "transform 3s cubic-bezier(.17,.67,.2,1)";
    disc.style.transform = "rotate(" + angle + "deg)";
    disc.addEventListener("transitionend", function () { settle(panel); }, { once: true });
    setTimeout(function () { settle(panel); }, 3300);
  }

  document.addEventListener("DOMContentLoaded", update);
  document.addEventListener("htmx:oobAfterSwap", update);
  document.addEventListener("htmx:afterSwap", update);
})();
