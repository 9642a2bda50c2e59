/* Citation previews: a citation mark shows its source and the quoted words without leaving
   the text. Mouse: on hover. Keyboard: on focus (Escape closes). Touch: a tap opens the
   preview (a bottom sheet on narrow screens) with a link to the full reference; a tap
   outside, Escape or the back button closes it. It sits below the mark, or above it when
   there is no room below, and never leaves the viewport.
   Without this script the mark is still a link to the reference, which links back. */
(function () {
  "use strict";
  var SHEET_BELOW = 480; /* px of viewport width under which touch previews are bottom sheets */
  var tip = null;
  var owner = null;
  var hideTimer = null;
  var lastPointer = "";
  var historyEntry = false; /* an open touch preview adds one history entry, so Back closes it */
  var pendingBack = false; /* we called history.back() and its popstate has not arrived yet */

  function passagesFor(mark) {
    var ids = (mark.getAttribute("data-passages") || decodeURIComponent(mark.hash.slice(1))).split(/\s+/);
    var found = [];
    ids.forEach(function (id) {
      var el = id && document.getElementById(id);
      if (el) found.push(el);
    });
    return found;
  }

  function ensureTip() {
    if (tip) return tip;
    tip = document.createElement("div");
    tip.id = "cite-preview";
    tip.className = "cite-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", function () { if (!tip.classList.contains("is-pinned")) scheduleHide(); });
    document.body.appendChild(tip);
    return tip;
  }

  function fill(box, mark, passages, pinned) {
    box.textContent = "";
    var reference = passages[0].closest(".reference");
    var source = reference ? reference.querySelector(".reference-source") : null;
    var from = document.createElement("p");
    from.className = "cite-preview-source";
    from.textContent = source ? source.textContent : "";
    box.appendChild(from);
    passages.forEach(function (passage) {
      var quote = passage.querySelector("q");
      var q = document.createElement("q");
      q.textContent = quote ? quote.textContent : "";
      box.appendChild(q);
      var error = passage.querySelector(".error-passage-label");
      if (error) {
        var warn = document.createElement("span");
        warn.className = "cite-preview-error";
        warn.textContent = error.textContent;
        box.appendChild(warn);
      }
    });
    if (pinned) {
      var full = document.createElement("a");
      full.className = "cite-preview-more";
      full.href = mark.getAttribute("href");
      var section = passages[0].closest(".references");
      full.textContent = (section && section.getAttribute("data-more-label")) || "Full reference";
      full.addEventListener("click", function () { openPassage(full.hash.slice(1)); hide(true); });
      box.appendChild(full);
    }
  }

  function show(mark, pinned) {
    var passages = passagesFor(mark);
    if (!passages.length) return;
    clearTimeout(hideTimer);
    if (owner && owner !== mark) owner.removeAttribute("aria-describedby");
    var box = ensureTip();
    fill(box, mark, passages, pinned);
    box.classList.toggle("is-pinned", !!pinned);
    var sheet = pinned && document.documentElement.clientWidth < SHEET_BELOW;
    box.classList.toggle("is-sheet", sheet);
    box.setAttribute("role", pinned ? "dialog" : "tooltip");
    if (pinned) box.setAttribute("aria-label", mark.getAttribute("aria-label") || "");
    else box.removeAttribute("aria-label");
    box.hidden = false;
    owner = mark;
    mark.setAttribute("aria-describedby", box.id);
    if (sheet) {
      box.style.left = box.style.top = box.style.width = "";
    } else {
      place(mark, box);
    }
    if (pinned && !historyEntry && !pendingBack && window.history && history.pushState) {
      history.pushState({ citePreview: true }, "");
      historyEntry = true;
    }
  }

  /* Below the mark when it fits, else above; clamped inside the viewport both ways. */
  function place(mark, box) {
    var r = mark.getBoundingClientRect();
    var viewW = document.documentElement.clientWidth;
    var viewH = window.innerHeight;
    var width = Math.min(352, viewW - 16);
    box.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left + r.width / 2 - width / 2, viewW - width - 8));
    var height = box.offsetHeight;
    var top;
    if (r.bottom + 6 + height <= viewH - 8) top = r.bottom + 6;
    else if (r.top - 6 - height >= 8) top = r.top - 6 - height;
    else top = Math.max(8, viewH - 8 - height);
    box.classList.toggle("is-above", top < r.top);
    box.style.left = (left + window.scrollX) + "px";
    box.style.top = (top + window.scrollY) + "px";
  }

  function hide(fromUser) {
    clearTimeout(hideTimer);
    if (tip) { tip.hidden = true; tip.classList.remove("is-pinned", "is-sheet"); }
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    if (historyEntry) {
      historyEntry = false;
      if (fromUser) { pendingBack = true; history.back(); }
    }
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { hide(true); }, 200);
  }

  function isMark(el) {
    return el && el.classList && el.classList.contains("cite");
  }

  /* A reference passage inside a closed <details> opens when a link leads to it. */
  function openPassage(id) {
    var target = id && document.getElementById(id);
    var details = target && target.closest("details");
    if (details) details.open = true;
  }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "";
    if (tip && !tip.hidden && tip.classList.contains("is-pinned") && !tip.contains(e.target) && !isMark(e.target)) {
      hide(true);
    }
  }, true);
  document.addEventListener("mouseover", function (e) {
    if (isMark(e.target) && lastPointer !== "touch" && !(tip && tip.classList.contains("is-pinned"))) show(e.target, false);
  });
  document.addEventListener("mouseout", function (e) {
    if (isMark(e.target) && !(tip && tip.classList.contains("is-pinned"))) scheduleHide();
  });
  document.addEventListener("focusin", function (e) {
    if (isMark(e.target)) { if (lastPointer !== "touch") show(e.target, false); }
    else if (owner && !(tip && tip.contains(e.target))) hide(true);
  });
  document.addEventListener("focusout", function (e) {
    if (isMark(e.target) && !(tip && tip.classList.contains("is-pinned"))) scheduleHide();
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && tip && !tip.hidden) {
      var back = owner;
      hide(true);
      if (back) back.focus();
    }
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a") : null;
    if (isMark(e.target) && lastPointer === "touch") {
      e.preventDefault();
      if (owner === e.target && tip && !tip.hidden) hide(true);
      else show(e.target, true);
      return;
    }
    if (isMark(e.target)) hide(false);
    if (link && link.hash && link.pathname === location.pathname) openPassage(decodeURIComponent(link.hash.slice(1)));
  });
  window.addEventListener("popstate", function () {
    if (pendingBack) {
      pendingBack = false;
      if (tip && !tip.hidden && tip.classList.contains("is-pinned")) {  /* reopened meanwhile */
        history.pushState({ citePreview: true }, "");
        historyEntry = true;
      }
      return;
    }
    if (historyEntry) { historyEntry = false; hide(false); }
  });
  window.addEventListener("hashchange", function () { openPassage(decodeURIComponent(location.hash.slice(1))); });
  /* Printed References show every passage. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll(".reference-details"), function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
  if (location.hash) openPassage(decodeURIComponent(location.hash.slice(1)));
})();
