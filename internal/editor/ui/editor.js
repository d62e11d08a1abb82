// The editor of relais serve: what a script adds to forms that work
// without it. No third-party code, no inline script (the page's policy).
// A refused change opens on the summary of its problems, a done one on
// what was done: the screen reader says it, the keyboard starts there.
(function () {
  "use strict";
  var first = document.getElementById("error-summary") || document.getElementById("notice");
  if (first && document.activeElement === document.body) { first.focus(); }
})();

// The formatting toolbar is one tab stop, its buttons reached with the
// arrow keys (the toolbar pattern of ARIA).
(function () {
  "use strict";
  var bar = document.querySelector("[role=toolbar]");
  if (!bar) { return; }
  var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
  buttons.forEach(function (b, i) { b.tabIndex = i === 0 ? 0 : -1; });
  bar.addEventListener("keydown", function (ev) {
    var i = buttons.indexOf(document.activeElement);
    if (i < 0) { return; }
    var j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[ev.key];
    if (j === undefined) { return; }
    ev.preventDefault();
    j = (j + buttons.length) % buttons.length;
    buttons[i].tabIndex = -1;
    buttons[j].tabIndex = 0;
    buttons[j].focus();
  });
})();

(function () {
  "use strict";
  var form = document.getElementById("edit");
  if (!form) { return; }
  var body = document.getElementById("body");
  var key = "relais-editor:" + form.dataset.key;

  // The text's toolbar and the link to a page chosen from the site's.
  function insert(before, after, placeholder) {
    var s = body.selectionStart, e = body.selectionEnd, v = body.value;
    var sel = v.slice(s, e) || placeholder || "";
    body.value = v.slice(0, s) + before + sel + after + v.slice(e);
    body.focus();
    body.setSelectionRange(s + before.length, s + before.length + sel.length);
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function lineStart(prefix) {
    var s = body.selectionStart, v = body.value;
    var at = v.lastIndexOf("\n", s - 1) + 1;
    body.value = v.slice(0, at) + prefix + v.slice(at);
    body.focus();
    body.setSelectionRange(s + prefix.length, s + prefix.length);
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }
  var tools = { heading: function () { lineStart("## "); }, bold: function () { insert("**", "**", "texte"); },
    list: function () { lineStart("- "); }, link: function () { insert("[", "](/adresse/)", "texte du lien"); },
    callout: function () { insert("\n> [!NOTE]\n> ", "\n", "À retenir"); } };
  document.querySelectorAll(".toolbar, .linkto").forEach(function (el) { el.hidden = false; });
  // An image just added: into the text at the cursor, or as the cover.
  document.querySelectorAll(".place-image").forEach(function (el) { el.hidden = false; });
  document.querySelectorAll("[data-insert]").forEach(function (b) {
    b.addEventListener("click", function () { insert("\n" + b.dataset.insert + "\n", "", ""); });
  });
  document.querySelectorAll("[data-cover]").forEach(function (b) {
    b.addEventListener("click", function () {
      var img = document.getElementById("champ-cover-image"), alt = document.getElementById("champ-cover-alt");
      if (!img) { return; }
      img.value = b.dataset.cover;
      if (alt && !alt.value) { alt.value = b.dataset.alt; }
      img.dispatchEvent(new Event("input", { bubbles: true }));
      img.focus();
    });
  });
  document.querySelectorAll(".toolbar button").forEach(function (b) {
    b.addEventListener("click", function () { tools[b.dataset.md](); });
  });
  var linkTo = document.getElementById("link-to");
  if (linkTo) {
    linkTo.addEventListener("change", function () {
      if (!linkTo.value) { return; }
      var title = linkTo.options[linkTo.selectedIndex].text;
      insert("[", "](" + linkTo.value + ")", title);
      linkTo.value = "";
    });
  }

  // The preview follows the text: the form goes to the preview's frame,
  // as its button does without a script.
  var button = document.getElementById("preview-button");
  var timer = 0;
  function refresh() { clearTimeout(timer); timer = setTimeout(function () { form.requestSubmit(button); }, 500); }
  form.addEventListener("input", function () { refresh(); keep(); });
  form.requestSubmit(button);

  // What she typed is kept in this browser until saved: a tab closed by
  // mistake loses nothing.
  function values() {
    var out = [];
    new FormData(form).forEach(function (v, k) { if (typeof v === "string" && k !== "token") { out.push([k, v]); } });
    return out;
  }
  var first = JSON.stringify(values());
  function keep() {
    var now = JSON.stringify(values());
    try { if (now !== first) { localStorage.setItem(key, now); } else { localStorage.removeItem(key); } } catch (e) { /* storage off */ }
  }
  var kept = null;
  try { kept = localStorage.getItem(key); } catch (e) { kept = null; }
  if (kept && kept !== first) {
    var box = document.getElementById("restore");
    box.hidden = false;
    document.getElementById("restore-yes").addEventListener("click", function () {
      var vals = JSON.parse(kept), seen = {};
      vals.forEach(function (kv) {
        var els = form.querySelectorAll("[name=\"" + CSS.escape(kv[0]) + "\"]");
        seen[kv[0]] = (seen[kv[0]] || 0);
        els.forEach(function (el) {
          if (el.type === "checkbox" || el.type === "radio") { if (el.value === kv[1]) { el.checked = true; } }
          else if (el.type !== "hidden") { if (els.length === 1 || els[seen[kv[0]]] === el) { el.value = kv[1]; } }
        });
        seen[kv[0]]++;
      });
      box.hidden = true;
      refresh();
    });
    document.getElementById("restore-no").addEventListener("click", function () {
      try { localStorage.removeItem(key); } catch (e) { /* storage off */ }
      box.hidden = true;
    });
  }
  form.addEventListener("submit", function (ev) {
    if (ev.submitter !== button) { try { localStorage.removeItem(key); } catch (e) { /* storage off */ } }
  });

  // A shelter is published by phone only: its address fields are off.
  var type = form.querySelector("select[data-confidential]");
  function shelter() {
    if (!type) { return; }
    var off = type.dataset.confidential.split("|").some(function (t) { return t.toLowerCase() === type.value.toLowerCase(); });
    document.querySelectorAll(".field.confidential").forEach(function (f) {
      f.classList.toggle("off", off);
      f.querySelectorAll("input").forEach(function (i) { if (i.type !== "hidden") { i.disabled = off; } });
    });
  }
  if (type) { type.addEventListener("change", shelter); shelter(); }

  // The steps' total, as she types their durations.
  function minutes(s) {
    s = s.trim().toLowerCase().replace(/\u00a0|\u202f/g, " ");
    var m = s.match(/^(\d+)\s*h\s*(\d*)\s*(?:min)?$/);
    if (m) { return parseInt(m[1], 10) * 60 + (m[2] ? parseInt(m[2], 10) : 0); }
    m = s.match(/^(\d+)\s*(?:min|mn|minutes?)$/);
    if (m) { return parseInt(m[1], 10); }
    m = s.toUpperCase().match(/^PT(?:(\d+)H)?(?:(\d+)M)?$/);
    if (m && (m[1] || m[2])) { return (parseInt(m[1] || "0", 10)) * 60 + parseInt(m[2] || "0", 10); }
    return 0;
  }
  var total = document.getElementById("steps-total");
  function sum() {
    var t = 0;
    form.querySelectorAll("input.duration").forEach(function (i) { t += minutes(i.value); });
    var h = Math.floor(t / 60), m = t % 60;
    total.textContent = h ? (h + " h" + (m ? " " + (m < 10 ? "0" : "") + m : "")) : (m + " min");
  }
  if (total) { form.addEventListener("input", function (ev) { if (ev.target.classList.contains("duration")) { sum(); } }); }

  // Drop an image on the upload form.
  var drop = document.querySelector(".dropzone");
  if (drop) {
    var file = drop.querySelector("input[type=file]");
    drop.addEventListener("dragover", function (ev) { ev.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    drop.addEventListener("drop", function (ev) {
      ev.preventDefault(); drop.classList.remove("over");
      if (ev.dataTransfer.files.length) { file.files = ev.dataTransfer.files; drop.querySelector("input[name=alt]").focus(); }
    });
  }
})();

// « Mettre en ligne »: while the site is sent, the page shows the
// progress without being reloaded (without a script, a link does).
(function () {
  "use strict";
  var box = document.getElementById("deploy-state");
  if (!box) { return; }
  function busy(el) { var p = el.getAttribute("data-phase"); return p === "2" || p === "5"; }
  if (!busy(box)) { return; }
  var link = document.getElementById("deploy-refresh");
  if (link) { link.hidden = true; }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var next = doc.getElementById("deploy-state");
      if (!next) { return; }
      if (busy(next)) {
        var bar = document.getElementById("deploy-progress"), nbar = doc.getElementById("deploy-progress");
        var status = document.getElementById("deploy-status"), nstatus = doc.getElementById("deploy-status");
        if (bar && nbar && status && nstatus) {
          bar.max = nbar.max; bar.value = nbar.value; bar.textContent = nbar.textContent;
          if (status.textContent !== nstatus.textContent) { status.textContent = nstatus.textContent; }
        } else {
          box.innerHTML = next.innerHTML;
          box.setAttribute("data-phase", next.getAttribute("data-phase"));
          var l = document.getElementById("deploy-refresh");
          if (l) { l.hidden = true; }
        }
        window.setTimeout(poll, 700);
        return;
      }
      document.title = doc.title;
      box.innerHTML = next.innerHTML;
      box.setAttribute("data-phase", next.getAttribute("data-phase"));
      var first = document.getElementById("error-summary") || document.getElementById("notice");
      if (first) { first.focus(); }
    }).catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 500);
})();
