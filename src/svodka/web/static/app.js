// svodka UI: clicking an item highlights its spans in the text and scrolls to the first;
// clicking a mark in the text highlights its entry in the side panel.
(function () {
  "use strict";
  function clear() {
    document.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
  }
  function byRef(root, ref) {
    return root ? root.querySelectorAll('[data-ref="' + CSS.escape(ref) + '"]') : [];
  }
  function highlight(ref, from) {
    var text = document.getElementById("text"), panel = document.getElementById("panel");
    clear();
    var spans = byRef(text, ref), items = byRef(panel, ref);
    spans.forEach(function (el) { el.classList.add("hl"); });
    items.forEach(function (el) { el.classList.add("hl"); });
    var target = from === "panel" ? spans[0] : items[0];
    if (target) target.scrollIntoView({block: "center", behavior: "smooth"});
  }
  document.addEventListener("click", function (ev) {
    var item = ev.target.closest("#panel .item[data-ref]");
    if (item) { highlight(item.dataset.ref, "panel"); return; }
    var mark = ev.target.closest("#text .mk[data-ref]");
    if (mark) highlight(mark.dataset.ref, "text");
  });
  var input = document.getElementById("text-input");
  if (input) {
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) input.form.submit();
    });
  }
})();
