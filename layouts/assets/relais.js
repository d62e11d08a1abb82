// relais default theme: quick exit.
//
// The « Quitter le site » link works without JavaScript (it is a plain link
// to a neutral site). With JavaScript, leaving also hides the page at once
// and replaces it in the history, so the back button does not return to
// it; and pressing Shift three times within five seconds leaves too. Any
// other key resets the count. A status message tells screen reader users
// how many presses were counted.
(function () {
  "use strict";
  var box = document.getElementById("quick-exit");
  if (!box) {
    return;
  }
  var target = box.getAttribute("data-href");
  var status = document.getElementById("quick-exit-status");
  var template = box.getAttribute("data-count") || "";

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.documentElement.classList.add("quick-exit-hidden");
    document.title = "";
    window.location.replace(target);
  }

  var link = box.querySelector("a.quick-exit-button");
  if (link) {
    link.addEventListener("click", leave);
  }

  var presses = 0;
  var timer = null;
  function reset() {
    presses = 0;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (status) {
      status.textContent = "";
    }
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      reset();
      return;
    }
    if (event.repeat) {
      return;
    }
    presses += 1;
    if (!timer) {
      timer = setTimeout(reset, 5000);
    }
    if (status && template) {
      status.textContent = template.replace("%d", String(presses));
    }
    if (presses >= 3) {
      reset();
      leave();
    }
  });
})();
