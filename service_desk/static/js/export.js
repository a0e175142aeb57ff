// Export links of the queue: say that the file is being prepared, then that the download started.
// The server answers with a cookie "descarga=<token>" as the first byte leaves (no polling of data).
(function () {
  "use strict";
  var status = document.getElementById("export-status");
  if (!status) { return; }
  function started(token) {
    return document.cookie.split("; ").indexOf("descarga=" + token) !== -1;
  }
  document.querySelectorAll("a.export-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var token = String(Date.now());
      var rows = link.getAttribute("data-rows");
      status.textContent = "Preparando el archivo de " + rows + " casos…";
      var seconds = 0;
      var timer = window.setInterval(function () {
        seconds += 1;
        if (started(token)) {
          status.textContent = "La descarga de " + rows + " casos empezó; su navegador muestra el avance.";
          window.clearInterval(timer);
        } else if (seconds % 5 === 0) {
          status.textContent = "Preparando el archivo de " + rows + " casos… (" + seconds + " s)";
        }
      }, 1000);
      window.location.href = link.href + (link.href.indexOf("?") === -1 ? "?" : "&") + "aviso=" + token;
    });
  });
})();
