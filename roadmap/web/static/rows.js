/* "Add a row" on a stage form's lists (team members, hours, stakeholders, sharing, ...).
   Without JavaScript the form already shows blank rows; with it, the button copies the list's last
   blank row, empties it and gives it the next number (members.5.name -> members.6.name), and the
   list's hidden count grows by one so the server reads the new row too. */
(function () {
  "use strict";

  function escaped(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function rowsOf(fieldset) {
    var table = fieldset.querySelector(":scope > .scroll > table > tbody");
    if (table) {
      return Array.prototype.filter.call(table.children, function (row) { return !row.classList.contains("finding-row"); });
    }
    // a card is a fieldset, or a folded section holding one (a goal, an action)
    return Array.prototype.filter.call(fieldset.children, function (el) { return el.matches("fieldset.item, details.fold"); });
  }

  function renumber(row, list, from, to) {
    var byName = new RegExp("^" + escaped(list) + "\\." + from + "\\.");
    var dashed = "f-" + list.replace(/\./g, "-");
    var byId = new RegExp("^" + escaped(dashed) + "-" + from + "-");
    var all = [row].concat(Array.prototype.slice.call(row.querySelectorAll("*")));
    all.forEach(function (el) {
      if (el.name !== undefined && typeof el.name === "string" && byName.test(el.name)) {
        el.name = el.name.replace(byName, list + "." + to + ".");
      }
      if (el.hasAttribute("data-add-row") && byName.test(el.getAttribute("data-add-row") + ".")) {
        el.setAttribute("data-add-row", el.getAttribute("data-add-row").replace(byName, list + "." + to + "."));
      }
      ["id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value && byId.test(value)) { el.setAttribute(attr, value.replace(byId, dashed + "-" + to + "-")); }
      });
      var label = el.getAttribute("aria-label");
      if (label && / \d+$/.test(label) && el.closest("tr") === row) {  // "Name 6": this row's number
        el.setAttribute("aria-label", label.replace(/ \d+$/, " " + (to + 1)));
      }
    });
  }

  function empty(row) {
    row.querySelectorAll(".field-error, .finding-notes").forEach(function (el) { el.remove(); });
    row.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    row.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.type === "hidden") { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = false; }
      else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = false; });
        if (!el.multiple) { el.selectedIndex = 0; }
      } else { el.value = ""; }
    });
    row.removeAttribute("id");
  }

  function addRow(button) {
    var list = button.getAttribute("data-add-row");
    var fieldset = button.closest("fieldset.rows");
    var count = fieldset && fieldset.querySelector('input[type=hidden][name="' + list + '.count"]');
    var rows = fieldset ? rowsOf(fieldset) : [];
    var last = rows[rows.length - 1];
    if (!count || !last) { return; }
    var next = parseInt(count.value, 10);
    var copy = last.cloneNode(true);
    renumber(copy, list, next - 1, next);
    empty(copy);
    copy.classList.add("new");
    if (copy.tagName === "DETAILS") { copy.open = true; }
    last.parentNode.insertBefore(copy, last.nextSibling);
    count.value = String(next + 1);
    var first = copy.querySelector("input:not([type=hidden]), textarea, select");
    if (first) { first.focus(); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-add-row]");
    if (button) { event.preventDefault(); addRow(button); }
  });

  function reveal() {
    document.querySelectorAll("button[data-add-row]").forEach(function (b) { b.hidden = false; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", reveal); }
  else { reveal(); }
})();
