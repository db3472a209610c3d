/* Small helps on top of pages that work without them: searching long tables, keeping a stage's
   unsaved edits (a warning before leaving, a draft in this browser), and opening folded sections
   that a link points into. */
(function () {
  "use strict";

  // Turkish-aware matching, as the server's fold_name: "ISTANBUL", "istanbul" and "İstanbul" agree.
  function fold(text) {
    return text.toLocaleLowerCase("tr").replace(/ı/g, "i").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function rowText(row) {
    var parts = [row.textContent];
    row.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), textarea").forEach(function (el) { parts.push(el.value); });
    row.querySelectorAll("select").forEach(function (el) {
      Array.prototype.forEach.call(el.selectedOptions, function (o) { parts.push(o.textContent); });
    });
    return fold(parts.join(" "));
  }

  // --- search in long tables -------------------------------------------------------------------
  document.querySelectorAll("[data-filter]").forEach(function (input) {
    var table = document.getElementById(input.dataset.filter);
    var count = document.getElementById(input.getAttribute("aria-describedby"));
    if (!table || !count) return;
    input.closest(".table-filter").hidden = false;
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        if (row.classList.contains("finding-row")) return;  // follows the row it is about
        var match = !wanted || rowText(row).indexOf(wanted) !== -1;
        row.hidden = !match;
        var next = row.nextElementSibling;
        if (next && next.classList.contains("finding-row")) next.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = wanted ? count.dataset.template.replace("{shown}", shown).replace("{all}", count.dataset.all) : "";
    });
  });

  // --- folded sections a link points into open ------------------------------------------------
  function reveal() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
    if (target) target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", reveal);
  reveal();

  // --- the field in focus is never under the sticky save bar (WCAG 2.4.11) ----------------------
  var bar = document.querySelector(".stage-form .actions");
  if (bar) {
    document.addEventListener("focusin", function (event) {
      var el = event.target;
      if (bar.contains(el) || !bar.parentElement.contains(el) || getComputedStyle(bar).position !== "sticky") return;
      var under = el.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
      if (under > 0) window.scrollBy(0, under + 12);
    });
  }

  // --- a stage's unsaved edits -----------------------------------------------------------------
  var form = document.querySelector("form[data-draft]");
  if (!form) return;
  var key = "roadmap-draft:" + form.dataset.draft;
  var skip = { version: true };
  skip[form.querySelector("input[type=hidden]").name] = true;  // the CSRF token comes first
  var notice = form.querySelector(".notice.draft");
  var unsaved = form.querySelector(".unsaved");
  var leaving = false;
  var timer = null;

  function fields() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (!skip[name] && typeof value === "string") pairs.push([name, value]);
    });
    return pairs;
  }
  var original = JSON.stringify(fields());

  function changed() { return JSON.stringify(fields()) !== original; }

  function read() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function keep() {
    if (leaving) return;
    try {
      if (changed()) {
        localStorage.setItem(key, JSON.stringify({ version: form.dataset.version, fields: fields(), at: Date.now() }));
      } else {
        localStorage.removeItem(key);
      }
    } catch (e) { /* storage full or refused: the warning before leaving still protects the edits */ }
  }

  function restore(draft) {
    var byName = {};
    draft.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || skip[el.name] || el.type === "hidden" && !(el.name in byName)) return;
      var values = byName[el.name] || [];
      if (el.type === "checkbox") el.checked = values.indexOf(el.value) !== -1;
      else if (el.multiple) Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      else if (values.length) el.value = values[0];
    });
    // Saved against the version it was made from: if someone saved since, the server shows both.
    form.elements.version.value = draft.version;
    mark();
  }

  function mark() {
    var dirty = changed();
    if (unsaved) unsaved.hidden = !dirty;
    clearTimeout(timer);
    timer = setTimeout(keep, 400);
  }

  var draft = read();
  if (draft && notice && JSON.stringify(draft.fields) !== original) {
    notice.hidden = false;
    notice.querySelector("[data-draft-restore]").addEventListener("click", function () {
      restore(draft);
      notice.hidden = true;
    });
    notice.querySelector("[data-draft-discard]").addEventListener("click", function () {
      localStorage.removeItem(key);
      notice.hidden = true;
    });
  } else if (draft) {
    localStorage.removeItem(key);
  }

  form.addEventListener("input", mark);
  form.addEventListener("change", mark);
  form.addEventListener("submit", function () {
    leaving = true;
    clearTimeout(timer);
    localStorage.removeItem(key);
  });
  window.addEventListener("beforeunload", function (event) {
    if (!leaving && changed()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
