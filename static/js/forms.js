/* A page that opens with a form's error summary moves the focus to it, so that it is read first (WCAG 3.3.1). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
