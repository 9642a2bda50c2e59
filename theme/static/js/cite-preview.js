/* Citation previews: on hover or keyboard focus, a citation mark shows the quoted words
   and their source without leaving the text. Escape closes it. Without this script the
   mark is still a link to the reference, which links back. */
(function () {
  "use strict";
  var tip = null;
  var owner = null;
  var hideTimer = null;

  function passageFor(mark) {
    var id = decodeURIComponent(mark.hash.slice(1));
    return document.getElementById(id);
  }

  function ensureTip() {
    if (tip) return tip;
    tip = document.createElement("div");
    tip.id = "cite-preview";
    tip.className = "cite-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(tip);
    return tip;
  }

  function show(mark) {
    var passage = passageFor(mark);
    if (!passage) return;
    clearTimeout(hideTimer);
    if (owner && owner !== mark) owner.removeAttribute("aria-describedby");
    var reference = passage.closest(".reference");
    var source = reference ? reference.querySelector(".reference-source") : null;
    var quote = passage.querySelector("q");
    var box = ensureTip();
    box.textContent = "";
    var q = document.createElement("q");
    q.textContent = quote ? quote.textContent : "";
    var from = document.createElement("span");
    from.className = "cite-preview-source";
    from.textContent = source ? source.firstChild.textContent.replace(/\.\s*$/, "") : "";
    box.appendChild(q);
    box.appendChild(from);
    box.hidden = false;
    owner = mark;
    mark.setAttribute("aria-describedby", box.id);
    place(mark, box);
  }

  function place(mark, box) {
    var r = mark.getBoundingClientRect();
    var width = Math.min(352, document.documentElement.clientWidth - 16);
    box.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX - width / 2,
      window.scrollX + document.documentElement.clientWidth - width - 8));
    box.style.left = left + "px";
    box.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function hide() {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function isMark(el) {
    return el && el.classList && el.classList.contains("cite");
  }

  document.addEventListener("mouseover", function (e) { if (isMark(e.target)) show(e.target); });
  document.addEventListener("mouseout", function (e) { if (isMark(e.target)) scheduleHide(); });
  document.addEventListener("focusin", function (e) { if (isMark(e.target)) show(e.target); else if (owner) hide(); });
  document.addEventListener("focusout", function (e) { if (isMark(e.target)) scheduleHide(); });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && tip && !tip.hidden) { hide(); }
  });
  document.addEventListener("click", function (e) { if (isMark(e.target)) hide(); });
})();
