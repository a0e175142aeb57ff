// "Por clasificar": keyboard moves between cases and a case is triaged without reloading the page.
// Progressive enhancement only: without JavaScript every form posts and the page comes back.
(function () {
  "use strict";
  var sections = function () { return Array.prototype.slice.call(document.querySelectorAll("section.untriaged")); };
  var current = 0;

  function focusCase(index) {
    var all = sections();
    if (!all.length) { return; }
    current = Math.max(0, Math.min(index, all.length - 1));
    var select = all[current].querySelector("select");
    all[current].scrollIntoView({block: "start"});
    if (select) { select.focus(); }
  }

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "textarea" || tag === "input") {
      // Enter in the reason submits its form (Shift+Enter keeps a new line).
      if (tag === "textarea" && event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        event.target.form.requestSubmit();
      }
      return;
    }
    if (event.key === "j") { focusCase(current + 1); event.preventDefault(); }
    if (event.key === "k") { focusCase(current - 1); event.preventDefault(); }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("triage") || !window.fetch) { return; }
    event.preventDefault();
    var section = form.closest("section");
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin"})
      .then(function (response) { return response.text().then(function (html) { return [response, html]; }); })
      .then(function (pair) {
        var doc = new DOMParser().parseFromString(pair[1], "text/html");
        var flash = doc.querySelector(".flashes");
        var still = doc.querySelector('section.untriaged[data-code="' + section.dataset.code + '"]');
        var status = document.getElementById("triage-status") || document.createElement("div");
        status.id = "triage-status";
        status.setAttribute("role", "status");
        status.textContent = flash ? flash.textContent.trim() : "";
        document.querySelector("h1").after(status);
        if (!still) {
          section.remove();
          focusCase(current);
        } else {
          section.replaceWith(still);
          focusCase(current);
        }
      });
  });

  focusCase(0);
})();
