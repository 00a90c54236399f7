/* "Select all / none" for a list of checkboxes: a button with data-select-all="<name>" and
   data-select-value="true|false" (un)ticks every checkbox of that name in its form; an element with
   data-select-count="<name>" says how many are ticked (announced politely to screen readers). */
(function () {
  "use strict";
  function boxes(form, name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="' + name + '"]'));
  }
  function count(form, name) {
    var out = form.querySelector('[data-select-count="' + name + '"]');
    if (!out) { return; }
    var n = boxes(form, name).filter(function (b) { return b.checked; }).length;
    out.textContent = (out.getAttribute("data-label") || "").replace("{n}", n) || String(n);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-select-all]");
    if (!button || !button.form) { return; }
    var name = button.getAttribute("data-select-all");
    var value = button.getAttribute("data-select-value") !== "false";
    boxes(button.form, name).forEach(function (b) { b.checked = value; });
    count(button.form, name);
  });
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type === "checkbox" && box.form && box.form.querySelector('[data-select-count="' + box.name + '"]')) {
      count(box.form, box.name);
    }
  });
})();
