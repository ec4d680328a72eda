// Zelfscan Live on a participant's phone: what a swap keeps. A live push (htmx-ext-ws, out of band) or a
// save's answer replaces a piece of the page; what the person typed and has not saved is put back (and
// marked when someone else changed the field meanwhile), focus and the control's place on the screen stay,
// and a versioned piece never goes back: the room's echo of this phone's own save keeps its "Opgeslagen."
// and a conflict shown on it, whichever of the two arrives first. Helpers from room.js (window.zsRoom).
(function () {
  "use strict";
  var room = window.zsRoom;
  if (!room) return;
  var FIELDS = room.FIELDS, page = room.page, inPage = room.inPage, formOf = room.formOf, announce = room.announce;
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
      field.value = was.value;
      // What was typed is what is stored now (the echo of this phone's own save, arrived before its answer):
      // nothing unsaved, and the version it shows is the one to build on.
      if ((field.dataset.saved || "") === was.value) { mark(field); return; }
      var changed = (field.dataset.saved || "") !== was.saved;
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
  // A save's answer is handled on the elements it concerns, not on the document: a live push may have
  // replaced the card (and the form in it) while the save was under way, and htmx then tells only the card
  // and the form that are no longer in the page (and would swap the answer into the card that is gone:
  // "Opgeslagen." or the conflict box would never show).
  var listened = { "htmx:beforeSwap": new WeakSet(), "htmx:afterRequest": new WeakSet() };
  function listen(elt, type, handler) {
    if (!elt || !elt.addEventListener || listened[type].has(elt)) return;
    listened[type].add(elt);
    elt.addEventListener(type, handler);
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    listen(event.detail.target, "htmx:beforeSwap", answerArrives);  // told to the target (the card)
    listen(elt, "htmx:afterRequest", answered);  // told to the control (the form)
    var form = formOf(elt);
    if (!form || !inPage(form)) return;
    form.querySelectorAll(FIELDS).forEach(function (field) { if (field.id) sendingNow[field.id] = field.value; });
  });
  function answered(event) {
    if (event.target !== event.currentTarget) return;  // (a button's request inside a form that sends too)
    var form = formOf(event.detail.elt);
    if (form) form.querySelectorAll(FIELDS).forEach(function (field) { delete sendingNow[field.id]; });
  }
  function answerArrives(event) {
    if (event.target !== event.currentTarget) return;
    var detail = event.detail;
    var target = detail.target;
    // A live push re-rendered the piece while this was being saved: the answer goes where the piece is now
    // (gone with a block change: the typing is kept as a draft).
    if (target && target.id && !target.isConnected) {
      target = document.getElementById(target.id);
      if (!target) { detail.shouldSwap = false; return; }
      detail.target = target;
    }
    if (!detail.shouldSwap) return;
    // Someone else's newer version is already shown: this answer (and its notice) is out of date.
    var answer = parsed(detail.serverResponse);
    if (answer && target && older(answer, target)) { detail.shouldSwap = false; return; }
    remember(target, formOf(detail.requestConfig && detail.requestConfig.elt));
  }
  function parsed(html) {
    if (typeof html !== "string") return null;
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content.firstElementChild;
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    restore();
    scan();
    var notice = document.querySelector(".notice[data-announce]");
    if (notice) { notice.removeAttribute("data-announce"); announce(notice.textContent.trim()); }
    settle();
  });
  // ---- versions: a push (or a save's answer) never takes back what is shown ----
  // A versioned piece (a question, theme group, plan row or plan text: [data-version][id], and
  // data-version-of when the id can hold another thing, a theme group) is shown at most once per version:
  // - a push of an older version than shown is not shown (it was on its way before the newer one);
  // - a push of the version shown (the room's echo of this phone's own save, before or after its answer)
  //   keeps the save's "Opgeslagen." notice and a conflict shown on it;
  // - a newer version (someone else's save) replaces the piece, its notice with it.
  function versionOf(elt) { var v = parseInt(elt.dataset ? elt.dataset.version : "", 10); return isNaN(v) ? null : v; }
  function sameThing(a, b) { return a.id === b.id && (a.dataset.versionOf || "") === (b.dataset.versionOf || ""); }
  function older(incoming, shown) {
    var a = versionOf(incoming), b = versionOf(shown);
    return a !== null && b !== null && a < b && sameThing(incoming, shown);
  }
  function quiet(elt) {  // said once already
    elt.removeAttribute("data-announce");
    elt.querySelectorAll("[data-announce]").forEach(function (said) { said.removeAttribute("data-announce"); });
    return elt;
  }
  function copyOf(shown) {  // the piece as shown, without its marks (put back afterwards, with their buttons)
    var copy = quiet(shown.cloneNode(true));
    copy.querySelectorAll(".unsaved-mark").forEach(function (box) { box.remove(); });
    return copy;
  }
  function keepShown(target, incoming) {
    var shownPieces = Array.prototype.slice.call(target.querySelectorAll("[data-version][id]"));
    if (target.matches("[data-version][id]")) shownPieces.unshift(target);
    shownPieces.forEach(function (shown) {
      var again = incoming.id === shown.id ? incoming : incoming.querySelector("#" + CSS.escape(shown.id));
      if (!again || !sameThing(again, shown) || versionOf(again) === null || versionOf(shown) === null) return;
      if (older(again, shown)) { again.replaceWith(copyOf(shown)); return; }
      if (versionOf(again) !== versionOf(shown)) return;
      keepNotice(shown, again);
      var box = shown.querySelector(".conflict[role=alert]");
      var form = again.querySelector("form");
      if (box && form && !again.querySelector(".conflict[role=alert]")) form.insertAdjacentElement("beforebegin", box.cloneNode(true));
    });
    // A piece without a version of its own (the plan: its rows and texts have one) keeps its notice when
    // the push brings none of its pieces newer than shown.
    if (versionOf(target) === null && incoming.id === target.id && target.querySelector(":scope > .notice") &&
        nothingNewer(target, incoming)) keepNotice(target, incoming);
  }
  function nothingNewer(target, incoming) {
    return Array.prototype.every.call(incoming.querySelectorAll("[data-version][id]"), function (piece) {
      var shown = target.querySelector("#" + CSS.escape(piece.id));
      return !!shown && sameThing(piece, shown) && versionOf(piece) !== null && versionOf(shown) !== null &&
        versionOf(piece) <= versionOf(shown);
    });
  }
  function keepNotice(shown, again) {  // at the same place: after the element it follows
    var notice = shown.querySelector(":scope > .notice");
    if (!notice || again.querySelector(":scope > .notice")) return;
    var before = notice.previousElementSibling;
    var anchor = before && again.querySelector(":scope > " + before.tagName.toLowerCase() +
      Array.prototype.map.call(before.classList, function (c) { return "." + CSS.escape(c); }).join(""));
    if (anchor) anchor.insertAdjacentElement("afterend", quiet(notice.cloneNode(true)));
    else again.insertAdjacentElement("afterbegin", quiet(notice.cloneNode(true)));
  }
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var incoming = event.detail.fragment && event.detail.fragment.firstElementChild;
    if (!target || !target.querySelectorAll) return;
    if (incoming && incoming.querySelectorAll) {
      if (older(incoming, target)) { event.detail.shouldSwap = false; return; }
      // The live echo of the version a conflict was shown on brings nothing new: keep the conflict in view.
      if (target.querySelector(".conflict[role=alert]") && versionOf(target) !== null &&
          versionOf(incoming) === versionOf(target) && sameThing(incoming, target)) {
        event.detail.shouldSwap = false;
        return;
      }
      keepShown(target, incoming);
    }
    if (target.id === "room-main") blockBefore = target.dataset.block;
    remember(target, null);
  });
  // The room's screen pushed to every member (after a block change, a help call, a message, a follow-up edit)
  // carries no one's name or own views; this member's follow in #room-own, in the same message: filled in
  // where the screen left them out.
  function fillOwn(piece) {
    var views = {};
    try { views = JSON.parse(piece.dataset.views || "{}"); } catch (e) { /* none given */ }
    page().querySelectorAll("form.own-view[data-shared]").forEach(function (form) {
      var view = views[form.id.replace(/^q-/, "").replace(/-own$/, "")] || "open";
      form.querySelectorAll("input[type=radio]").forEach(function (input) {
        input.checked = input.defaultChecked = input.value === view;
      });
      form.removeAttribute("data-shared");
    });
    page().querySelectorAll(".own-name[data-shared]").forEach(function (name) {
      name.textContent = piece.dataset.name ? " · " + piece.dataset.name : "";
      name.removeAttribute("data-shared");
    });
  }
  document.addEventListener("change", function (event) {
    // A safety net: a shared form left unfilled (its piece is in the same message, so this should not happen)
    // counts as this member's once tapped.
    var form = formOf(event.target);
    if (form && form.matches("form.own-view[data-shared]")) form.removeAttribute("data-shared");
  });
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    restore();  // (htmx fires this for every element swapped by the message so far: restore once)
    var swapped = event.target;
    if (swapped && swapped.id === "room-own" && swapped.dataset.views !== undefined && inPage(swapped)) fillOwn(swapped);
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
