// Zelfscan Live on a participant's phone (pages with <main data-drafts>): nothing typed is ever lost.
// - What is typed and not saved is kept as a draft in this browser (localStorage, per meeting and field)
//   and marked "Niet opgeslagen" at the field until it is saved or undone. A live push or a block change
//   swaps the page anyway: the typing is put back, or, when its question is gone, kept as a draft and
//   offered back (put back, marked, with "Ongedaan maken") when that question is shown again.
// - A tap or save that could not be sent (no connection) is marked at its control and sent again as soon
//   as the connection is back (or undone by hand).
// - Focus and the scroll position stay with the control after a save; one polite announcer region says
//   what matters (block changed, "Opgeslagen.", a message, the wheel's question); a sticky bar shows
//   the question in view and a link to the next open question; messages stay until dismissed.
(function () {
  "use strict";
  var FIELDS = "textarea[data-saved], select[data-saved]";
  var DRAFT_DAYS = 7;

  function page() { return document.querySelector("main[data-drafts]"); }
  function inPage(elt) { var main = page(); return !!(main && elt && main.contains(elt)); }
  function formOf(elt) { return elt && elt.closest ? elt.closest("form") : null; }

  // ---- the announcer: one polite live region for the whole page ----
  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) return;
    region.textContent = region.textContent === text ? text + "\u00a0" : text;
  }

  // ---- drafts ----
  function draftKey(field) { return "zs-draft:" + page().dataset.drafts + ":" + (field.dataset.draft || field.id); }
  function readDraft(field) {
    try {
      var draft = JSON.parse(window.localStorage.getItem(draftKey(field)) || "null");
      if (draft && Date.now() - draft.at > DRAFT_DAYS * 86400000) { dropDraft(field); return null; }
      return draft;
    } catch (e) { return null; }
  }
  function writeDraft(field) {
    try {
      window.localStorage.setItem(draftKey(field), JSON.stringify({ text: field.value, base: baseOf(field), at: Date.now() }));
    } catch (e) { /* no storage (private mode, full): the mark on the field still shows */ }
  }
  function dropDraft(field) { try { window.localStorage.removeItem(draftKey(field)); } catch (e) { /* idem */ } }
  function baseInput(field) { return field.form ? field.form.querySelector("input[name=base_version]") : null; }
  function baseOf(field) { var input = baseInput(field); return input ? input.value : ""; }
  function setBase(field, base) {
    var input = baseInput(field);
    if (!input || base === undefined || base === "") return;
    if (!field.form.dataset.renderedBase) field.form.dataset.renderedBase = input.value;
    input.value = base;
  }
  function dirty(field) { return field.value !== (field.dataset.saved || ""); }

  // The mark at the control: "Niet opgeslagen" (and why), with "Ongedaan maken".
  function markAt(anchor, id, text, undo) {
    var box = document.getElementById(id);
    if (!box) {
      box = document.createElement("p");
      box.id = id;
      box.className = "unsaved-mark";
      box.appendChild(document.createElement("span"));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "undo";
      button.textContent = "Ongedaan maken";
      button.addEventListener("click", undo);
      box.appendChild(button);
      anchor.insertAdjacentElement("afterend", box);
    }
    box.firstChild.textContent = text;
    return box;
  }
  function mark(field, why) {
    var id = field.id + "-unsaved";
    var box = document.getElementById(id);
    if (!dirty(field)) {
      if (box) box.remove();
      field.classList.remove("unsaved");
      if (field.getAttribute("aria-describedby") === id) field.removeAttribute("aria-describedby");
      return;
    }
    field.classList.add("unsaved");
    field.setAttribute("aria-describedby", id);
    var text = why || (box ? box.firstChild.textContent : "Niet opgeslagen");
    // After the field's own save button when it has one (Tab goes to saving first, then to undoing).
    var next = field.nextElementSibling;
    var anchor = next && next.matches("button[type=submit]") ? next : field;
    markAt(anchor, id, text, function () { undoField(field); });
  }
  function undoField(field) {
    field.value = field.dataset.saved || "";
    var input = baseInput(field);
    if (input && field.form.dataset.renderedBase) input.value = field.form.dataset.renderedBase;
    dropDraft(field);
    mark(field);
    field.focus();
  }

  // Every field of `root`: a draft of an unchanged field is put back (with the version it was typed on,
  // so a change someone else made since is shown as a conflict when it is saved); a saved one is dropped.
  function scan(root) {
    if (!page()) return;
    (root || page()).querySelectorAll(FIELDS).forEach(function (field) {
      if (!field.id) return;
      var draft = readDraft(field);
      if (draft && draft.text === (field.dataset.saved || "")) { dropDraft(field); draft = null; }
      if (draft && !dirty(field)) {
        field.value = draft.text;
        setBase(field, draft.base);
        mark(field, "Niet opgeslagen: je concept van eerder is teruggezet");
        return;
      }
      if (dirty(field)) writeDraft(field);
      mark(field);
    });
  }
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches(FIELDS) || !field.id || !inPage(field)) return;
    if (dirty(field)) writeDraft(field); else dropDraft(field);
    mark(field, "Niet opgeslagen");
  });

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
  // The room's screen pushed to every member after a block change carries no one's name or own views; this
  // member's follow in #room-own, in the same message: filled in where the screen left them out.
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
    // Tapped before this member's own views arrived: the tap is what counts.
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

  // ---- a tap or save that could not be sent: marked at the control, sent again when the connection is back ----
  var pending = {};  // form id -> {inputs: [[name, value, checked]], base}
  function holdBack(form) {
    var inputs = [];
    form.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (input) {
      inputs.push([input.name, input.value, input.checked]);
    });
    var base = form.querySelector("input[name=base_version]");
    pending[form.id] = { inputs: inputs, base: base ? base.value : "" };
    showPending(form);
  }
  function showPending(form) {
    form.classList.add("unsaved");
    var anchor = form.querySelector("fieldset") || form.lastElementChild;
    markAt(anchor, form.id + "-unsaved", "Niet opgeslagen: geen verbinding. Wordt verstuurd zodra er weer verbinding is.",
      function () { undoForm(form.id); });
  }
  function undoForm(id) {
    delete pending[id];
    var form = document.getElementById(id);
    if (!form) return;
    form.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (input) { input.checked = input.defaultChecked; });
    var box = document.getElementById(id + "-unsaved");
    if (box) box.remove();
    form.classList.remove("unsaved");
    var first = form.querySelector("input:checked, input[type=radio], input[type=checkbox]");
    if (first) first.focus();
  }
  function flush() {
    if (navigator.onLine === false) return;
    Object.keys(pending).forEach(function (id) {
      var held = pending[id];
      delete pending[id];
      var form = document.getElementById(id);
      if (!form) return;  // its question is gone (another block): the room's answer stands
      var fields = form.querySelectorAll("input[type=radio], input[type=checkbox]");
      held.inputs.forEach(function (entry) {
        fields.forEach(function (input) { if (input.name === entry[0] && input.value === entry[1]) input.checked = entry[2]; });
      });
      var base = form.querySelector("input[name=base_version]");
      if (base && held.base) base.value = held.base;
      var box = document.getElementById(id + "-unsaved");
      if (box) box.firstChild.textContent = "Wordt verstuurd…";
      window.htmx.trigger(form, "change");
    });
    // Text that could not be sent: the fields are still marked and kept as drafts; send them now.
    document.querySelectorAll("form[data-send-again]").forEach(function (form) {
      form.removeAttribute("data-send-again");
      if (Array.prototype.some.call(form.querySelectorAll(FIELDS), dirty)) form.requestSubmit();
    });
  }
  document.addEventListener("htmx:sendError", function (event) {
    var form = formOf(event.detail.elt);
    if (!form || !inPage(form)) return;
    event.preventDefault();  // app.js: no message far away at the bottom of the page
    if (form.querySelector(FIELDS) || !form.id) {
      form.setAttribute("data-send-again", "");
      form.querySelectorAll(FIELDS).forEach(function (field) {
        if (dirty(field)) { writeDraft(field); mark(field, "Niet opgeslagen: geen verbinding. Wordt verstuurd zodra er weer verbinding is."); }
      });
    } else {
      holdBack(form);
    }
    announce("Niet opgeslagen: geen verbinding.");
  });
  window.addEventListener("online", flush);
  document.addEventListener("htmx:wsOpen", flush);

  // ---- after every change of the page: marks, the announcer's messages and wheel, the sticky bar ----
  var seenMessages = null;
  var lastWheel = null;
  function settle() {
    if (!page()) return;
    Object.keys(pending).forEach(function (id) { var form = document.getElementById(id); if (form && !document.getElementById(id + "-unsaved")) showPending(form); });
    // Announced here only (the announcer): no live regions of their own inside the page.
    page().querySelectorAll("[aria-live], .notice[role=status], .room-message[role=status]").forEach(function (elt) {
      elt.removeAttribute("aria-live");
      if (elt.getAttribute("role") === "status") elt.removeAttribute("role");
    });
    messages();
    var wheel = document.getElementById("wheel-question");
    var text = wheel ? wheel.textContent.trim() : null;
    if (text && lastWheel !== null && text !== lastWheel) announce("Het rad wijst: " + text);
    if (text) lastWheel = text; else if (lastWheel === null) lastWheel = "";
    current();
  }

  function dismissed() {
    try { return JSON.parse(window.localStorage.getItem("zs-dismissed:" + page().dataset.drafts) || "[]"); } catch (e) { return []; }
  }
  function messages() {
    var gone = dismissed();
    var fresh = [];
    document.querySelectorAll(".room-message[data-message-id]").forEach(function (message) {
      var id = message.dataset.messageId;
      if (gone.indexOf(id) >= 0) { message.hidden = true; return; }
      if (seenMessages !== null && seenMessages.indexOf(id) < 0) fresh.push(message);
      if (!message.querySelector(".dismiss")) {
        var close = document.createElement("button");
        close.type = "button";
        close.className = "dismiss";
        close.textContent = "Gelezen";
        close.setAttribute("aria-label", "Bericht gelezen, sluiten");
        close.addEventListener("click", function () {
          var list = dismissed();
          list.push(id);
          try { window.localStorage.setItem("zs-dismissed:" + page().dataset.drafts, JSON.stringify(list.slice(-50))); } catch (e) { /* idem */ }
          message.hidden = true;
          var help = document.getElementById("help-button");
          if (help) help.focus();
        });
        message.appendChild(close);
      }
    });
    seenMessages = Array.prototype.map.call(document.querySelectorAll(".room-message[data-message-id]"), function (m) { return m.dataset.messageId; });
    fresh.forEach(function (message) { announce("Bericht van de dagvoorzitter: " + message.querySelector(".text").textContent.trim()); });
  }

  // The sticky bar: which question is in view, and a link to the next open one after it.
  var questionBar = null;
  function current() {
    var bar = document.getElementById("q-current");
    if (!bar) return;
    var cards = Array.prototype.slice.call(document.querySelectorAll("#room-main article.question"));
    if (!cards.length) { bar.hidden = true; return; }
    bar.hidden = false;
    var edge = (document.querySelector(".room-bar") || bar).getBoundingClientRect().bottom + 8;
    var index = 0;
    cards.forEach(function (card, i) { if (card.getBoundingClientRect().top <= edge + 40) index = i; });
    var open = cards.filter(function (card, i) { return i > index && !card.classList.contains("answered"); })[0] ||
      cards.filter(function (card) { return !card.classList.contains("answered"); })[0];
    var here = cards[index].querySelector("h3").textContent;
    var text = here + " van " + cards.length;
    var key = text + (open ? open.id : "");
    if (key === questionBar) return;
    questionBar = key;
    bar.querySelector(".here").textContent = text;
    var link = bar.querySelector("a.next-open");
    link.hidden = !open;
    if (open) {
      link.href = "#" + open.id;
      link.textContent = "Volgende open vraag: " + open.querySelector("h3").textContent.replace("Vraag ", "") + " ↓";
    }
  }
  var scrolling = false;
  window.addEventListener("scroll", function () {
    if (scrolling) return;
    scrolling = true;
    (window.requestAnimationFrame || setTimeout)(function () { scrolling = false; current(); });
  }, { passive: true });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#q-']");
    if (!link || !inPage(link) && !link.closest(".room-bar")) return;
    var card = document.querySelector(link.getAttribute("href"));
    if (!card) return;
    event.preventDefault();
    var bar = document.querySelector(".room-bar");
    window.scrollBy(0, card.getBoundingClientRect().top - (bar ? bar.getBoundingClientRect().bottom : 0) - 8);
    var first = card.querySelector("h3");
    if (first) { first.setAttribute("tabindex", "-1"); first.focus({ preventScroll: true }); }
    questionBar = null;
    current();
  });

  // Drafts of other pages and meetings are not kept longer than DRAFT_DAYS either.
  function dropOldDrafts() {
    try {
      for (var i = window.localStorage.length - 1; i >= 0; i--) {
        var key = window.localStorage.key(i);
        if (!key || key.indexOf("zs-draft:") !== 0) continue;
        var draft = JSON.parse(window.localStorage.getItem(key) || "null");
        if (!draft || Date.now() - draft.at > DRAFT_DAYS * 86400000) window.localStorage.removeItem(key);
      }
    } catch (e) { /* no storage */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!page()) return;
    dropOldDrafts();
    scan();
    settle();
  });
})();
