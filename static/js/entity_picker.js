/* The entity picker (entities/widgets.py): htmx fills the listbox as the user types; this script opens and closes
   it (aria-expanded), moves through the options with the arrow keys (aria-activedescendant), chooses one with
   Enter or a click (the id goes into the hidden input, or a ticked checkbox for several entities) and closes it
   with Escape. Typing again forgets the chosen id, so the form never keeps an id the box no longer shows. */
(function () {
  "use strict";
  function pickerOf(node) { return node && node.closest ? node.closest("[data-entity-picker]") : null; }
  function box(p) { return p.querySelector('[role="combobox"]'); }
  function list(p) { return p.querySelector('[role="listbox"]'); }
  function options(p) {
    return Array.prototype.slice.call(list(p).querySelectorAll('[role="option"][data-id]'));
  }
  function announce(p, text) { p.querySelector("[data-picker-status]").textContent = text; }
  function setOpen(p, open) {
    list(p).hidden = !open;
    box(p).setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) { box(p).removeAttribute("aria-activedescendant"); }
  }
  function current(p) { return options(p).findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; }); }
  function highlight(p, index) {
    var opts = options(p);
    opts.forEach(function (o, i) {
      o.setAttribute("aria-selected", i === index ? "true" : "false");
      o.classList.toggle("active", i === index);
    });
    if (opts[index]) {
      box(p).setAttribute("aria-activedescendant", opts[index].id);
      opts[index].scrollIntoView({ block: "nearest" });
    }
  }
  function choose(p, option) {
    var input = box(p);
    if (p.hasAttribute("data-multiple")) {
      var chosen = p.querySelector("[data-picker-chosen]");
      var name = input.name.replace(/_search$/, "");
      if (!chosen.querySelector('input[value="' + option.dataset.id + '"]')) {
        var item = document.createElement("li");
        item.className = "form-check";
        var tick = document.createElement("input");
        tick.type = "checkbox"; tick.className = "form-check-input"; tick.name = name;
        tick.value = option.dataset.id; tick.checked = true; tick.id = input.id + "_" + option.dataset.id;
        var label = document.createElement("label");
        label.className = "form-check-label"; label.htmlFor = tick.id; label.textContent = option.textContent;
        item.appendChild(tick); item.appendChild(label); chosen.appendChild(item);
      }
      input.value = "";
    } else {
      p.querySelector("[data-picker-value]").value = option.dataset.id;
      input.value = option.dataset.label;
    }
    setOpen(p, false);
    announce(p, (p.dataset.chosenLabel || "") + " " + option.dataset.label);
    input.focus();
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var p = pickerOf(event.detail.target);
    if (!p) { return; }
    var summary = list(p).querySelector("[data-picker-summary]");
    setOpen(p, list(p).children.length > 0);
    announce(p, summary ? summary.textContent.trim() : "");
  });
  document.addEventListener("input", function (event) {
    var p = pickerOf(event.target);
    if (!p || event.target !== box(p)) { return; }
    var hidden = p.querySelector("[data-picker-value]");
    if (hidden) { hidden.value = ""; }
    if (event.target.value.trim().length < 2) { setOpen(p, false); }
  });
  document.addEventListener("keydown", function (event) {
    var p = pickerOf(event.target);
    if (!p || event.target !== box(p)) { return; }
    var opts = options(p);
    var open = !list(p).hidden;
    var i = current(p);
    if (event.key === "ArrowDown" && opts.length) {
      event.preventDefault(); setOpen(p, true); highlight(p, open ? Math.min(i + 1, opts.length - 1) : 0);
    } else if (event.key === "ArrowUp" && open && opts.length) {
      event.preventDefault(); highlight(p, Math.max(i - 1, 0));
    } else if (event.key === "Enter" && open && i >= 0) {
      event.preventDefault(); choose(p, opts[i]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault(); setOpen(p, false);
    }
  });
  document.addEventListener("mousedown", function (event) {
    // Keep the focus in the box while an option is clicked.
    if (event.target.closest && event.target.closest('[data-entity-picker] [role="option"]')) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest ? event.target.closest('[role="option"][data-id]') : null;
    var p = pickerOf(option);
    if (p) { choose(p, option); }
  });
  document.addEventListener("focusout", function (event) {
    var p = pickerOf(event.target);
    if (!p) { return; }
    window.setTimeout(function () { if (!p.contains(document.activeElement)) { setOpen(p, false); } }, 150);
  });
})();
