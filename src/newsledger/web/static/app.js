// newsledger article page: hovering, focusing or clicking a highlighted span shows the records behind it
// (copied from the server-rendered cards in the side panel); a click pins the popover and marks the cards.
// Nothing here builds HTML from strings: cards are cloned as DOM nodes, so article text stays escaped.
(function () {
  "use strict";
  const text = document.getElementById("text");
  if (!text) return;
  const popover = document.createElement("div");
  popover.className = "popover";
  popover.id = "popover";
  popover.setAttribute("role", "dialog");
  popover.hidden = true;
  document.body.appendChild(popover);
  let pinned = null;

  function cardsFor(span) {
    return (span.dataset.records || "").split(" ").filter(Boolean)
      .map(function (id) { return document.getElementById("rec-" + id); })
      .filter(Boolean);
  }

  function show(span) {
    popover.replaceChildren();
    cardsFor(span).forEach(function (card) {
      const copy = card.cloneNode(true);
      copy.removeAttribute("id");
      copy.classList.remove("selected");
      popover.appendChild(copy);
    });
    if (!popover.childElementCount) return;
    popover.hidden = false;
    const r = span.getBoundingClientRect();
    const width = popover.offsetWidth;
    const left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - width - 8));
    popover.style.left = left + "px";
    popover.style.top = (window.scrollY + r.bottom + 6) + "px";
  }

  function hide() {
    if (!pinned) popover.hidden = true;
  }

  function select(span) {
    document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
    span.classList.add("selected");
    cardsFor(span).forEach(function (card) { card.classList.add("selected"); });
  }

  text.addEventListener("mouseover", function (e) {
    const span = e.target.closest(".hl");
    if (span && !pinned) show(span);
  });
  text.addEventListener("mouseout", function (e) {
    if (e.target.closest(".hl")) hide();
  });
  text.addEventListener("focusin", function (e) {
    const span = e.target.closest(".hl");
    if (span && !pinned) show(span);
  });
  text.addEventListener("click", function (e) {
    const span = e.target.closest(".hl");
    if (!span) return;
    pinned = span;
    select(span);
    show(span);
    e.stopPropagation();
  });
  text.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.classList.contains("hl")) {
      e.preventDefault();
      e.target.click();
    }
  });
  document.addEventListener("click", function (e) {
    if (pinned && !popover.contains(e.target)) { pinned = null; popover.hidden = true; }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { pinned = null; popover.hidden = true; }
  });
})();
