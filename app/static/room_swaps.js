// Zelfscan Live on a participant's phone: what a swap keeps. A live push (htmx-ext-ws, out of band) or a
// save's answer replaces a piece of the page; what the person typed and has not saved is put back (and
// marked when someone else changed the field meanwhile), focus and the control's place on the screen stay,
// and a conflict stays in view when a push brings its version again. Helpers from room.js (window.zsRoom).
(function () {
  "use strict";
  var room = window.zsRoom;
  if (!room) return;
  var FIELDS = room.FIELDS, inPage = room.inPage, formOf = room.formOf, announce = room.announce;
  var dirty = room.dirty, writeDraft = room.writeDraft, baseOf = room.baseOf, setBase = room.setBase;
  var mark = room.mark, scan = room.scan, settle = room.settle;

  // ---- swaps (live pushes and save responses) keep typing, focus and the scroll position ----
  var carried = {};   // field id -> {value, base, saved, why}
  var sendingNow = {};  // field id -> the value a request in flight is saving
  var focus = null;   // {id, top}
  var blockBefore = null;
  function remember(target, source) {
    carried = {};
    if (!target || !target.querySelectorAll || !inPage(target)) return;
    var list = Array.prototype.slice.call(target.querySelectorAll(FIELDS));
    if (target.matches && target.matches(FIELDS)) list.push(target);
    list.forEach(function (field) {
      if (!field.id || !dirty(field)) return;
      // The field being saved: only what was typed while it was sent is carried (on the new version).
      var sending = source ? sendingNow[field.id] : undefined;
      if (sending !== undefined && sending === field.value) return;
      writeDraft(field);
      var box = document.getElementById(field.id + "-unsaved");
      carried[field.id] = {
        value: field.value,
        base: sending !== undefined ? undefined : baseOf(field),
        saved: field.dataset.saved || "",
        why: box ? box.firstChild.textContent : "Niet opgeslagen"
      };
    });
    var active = document.activeElement;
    focus = null;
    if (active && active !== document.body && target.contains(active)) {
      var form = formOf(active);
      var id = active.id || (form && form.id && active.type === "submit" ? "#" + form.id + " [type=submit]" : "");
      if (id) focus = { id: id, top: active.getBoundingClientRect().top };
    }
  }
  var moved = 0;  // carried fields whose question is gone (a block change): kept as drafts
  function restore() {
    Object.keys(carried).forEach(function (id) {
      var field = document.getElementById(id);
      var was = carried[id];
      if (!field) { moved += 1; return; }
      var changed = (field.dataset.saved || "") !== was.saved;
      field.value = was.value;
      setBase(field, was.base);
      if (changed) {
        var card = field.closest(".question, .plan-row, #theme-group, #plan-text");
        if (card) card.classList.add("stale");
      }
      mark(field, changed ? "Niet opgeslagen — iemand anders heeft dit intussen aangepast" : was.why);
    });
    carried = {};
    if (focus) {
      var again = focus.id.charAt(0) === "#" ? document.querySelector(focus.id) : document.getElementById(focus.id);
      if (again) {
        if (again !== document.activeElement) again.focus({ preventScroll: true });
        var shift = again.getBoundingClientRect().top - focus.top;
        if (shift) window.scrollBy(0, shift);  // the control stays where it was on the screen
      }
      focus = null;
    }
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var form = formOf(event.detail.elt);
    if (!form || !inPage(form)) return;
    form.querySelectorAll(FIELDS).forEach(function (field) { if (field.id) sendingNow[field.id] = field.value; });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = formOf(event.detail.elt);
    if (form) form.querySelectorAll(FIELDS).forEach(function (field) { delete sendingNow[field.id]; });
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    // A live push re-rendered the page while this was being saved: the answer goes where its target is now.
    var target = event.detail.target;
    if (target && target.id && !document.body.contains(target) && document.getElementById(target.id)) {
      event.detail.target = document.getElementById(target.id);
    }
    var source = formOf(event.detail.requestConfig && event.detail.requestConfig.elt);
    remember(event.detail.target, source);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    restore();
    scan();
    var notice = document.querySelector(".notice[data-announce]");
    if (notice) { notice.removeAttribute("data-announce"); announce(notice.textContent.trim()); }
    settle();
  });
  // A conflict shown on a version that a push brings again (a whole room re-rendered) stays in view.
  function keepConflicts(target, incoming) {
    if (!target || !target.querySelectorAll || !incoming || !incoming.querySelectorAll) return;
    target.querySelectorAll(".conflict").forEach(function (box) {
      var shown = box.closest("[data-version][id]");
      if (!shown) return;
      var again = incoming.id === shown.id ? incoming : incoming.querySelector("#" + shown.id);
      if (!again || again.dataset.version !== shown.dataset.version || again.querySelector(".conflict")) return;
      var form = again.querySelector("form");
      if (form) form.insertAdjacentElement("beforebegin", box.cloneNode(true));
    });
  }
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var incoming = event.detail.fragment && event.detail.fragment.firstElementChild;
    // The live echo of the version a conflict was shown on brings nothing new: keep the conflict in view.
    if (incoming && target && target.querySelector && target.querySelector(".conflict") &&
        incoming.dataset.version !== undefined && incoming.dataset.version === target.dataset.version) {
      event.detail.shouldSwap = false;
      return;
    }
    if (target && target.id === "room-main") blockBefore = target.dataset.block;
    keepConflicts(target, incoming);
    remember(target, null);
  });
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    restore();  // (htmx fires this for every element swapped by the message so far: restore once)
    var swapped = event.target;
    scan();
    if (swapped && swapped.id === "room-main") {
      if (blockBefore !== null && swapped.dataset.block !== blockBefore) {
        var title = swapped.dataset.blockTitle || "";
        announce("Het programma is verder: " + (title || "een nieuw onderdeel") + "." +
          (moved ? " Je tekst die nog niet was opgeslagen, is bewaard: je krijgt hem terug als die vraag weer aan bod komt." : ""));
      }
      blockBefore = null;
      moved = 0;
    }
    settle();
  });
})();
