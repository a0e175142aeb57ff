// Small progressive enhancements shared by pages (no inline script: the CSP forbids it).
(function () {
  "use strict";
  // Forms with data-confirm ask before submitting (e.g. annulling a case).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
