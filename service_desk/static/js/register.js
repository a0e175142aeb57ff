// "Registrar atención": find the citizen by document and fill the form, show earlier cases,
// and show the answer box only for attentions answered on the spot. Works without it too.
(function () {
  "use strict";
  var form = document.getElementById("registro");
  if (!form) { return; }
  var docType = form.querySelector("[name=document_type]");
  var docNumber = form.querySelector("[name=document_number]");
  var status = document.getElementById("citizen-status");
  var history = document.getElementById("history");
  var fillable = ["first_name", "last_name", "phone", "email", "address", "language"];
  var lastQuery = "";

  var receipt = document.getElementById("constancia");
  if (receipt) { receipt.focus(); }

  function valid(type, number) {
    if (type === "DNI") { return /^\d{8}$/.test(number); }
    if (type === "CE") { return /^[A-Za-z0-9]{9,12}$/.test(number); }
    if (type === "PAS") { return /^[A-Za-z0-9]{6,12}$/.test(number); }
    return false;
  }

  function showHistory(rows) {
    var list = history.querySelector("ul");
    list.textContent = "";
    rows.forEach(function (row) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = row.url;
      link.textContent = row.code;
      item.appendChild(link);
      item.appendChild(document.createTextNode(
        " · " + row.type + " · recibido " + row.received_on + " · " + row.status));
      list.appendChild(item);
    });
    history.hidden = rows.length === 0;
  }

  function fill(citizen) {
    fillable.forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      // Never overwrite what the agent already typed.
      if (input && citizen[name] && (!input.value || name === "language")) {
        input.value = citizen[name];
      }
    });
  }

  function lookup() {
    var type = docType.value;
    var number = docNumber.value.trim().toUpperCase();
    var query = type + ":" + number;
    if (!valid(type, number)) {
      // The number changed since the last answer: that answer no longer describes it.
      if (lastQuery) { status.textContent = ""; showHistory([]); lastQuery = ""; }
      return;
    }
    if (query === lastQuery) { return; }
    lastQuery = query;
    var url = form.getAttribute("data-lookup-url") + "?document_type=" + encodeURIComponent(type) +
      "&document_number=" + encodeURIComponent(number);
    status.textContent = "Buscando…";
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.found) {
          status.textContent = data.error || "Ciudadano nuevo: complete sus datos.";
          showHistory([]);
          return;
        }
        fill(data.citizen);
        status.textContent = "Ciudadano encontrado: se completaron sus datos." +
          (data.history.length ? " Tiene " + data.history.length + " caso(s) anterior(es) en esta oficina." : "");
        showHistory(data.history);
      })
      .catch(function () { status.textContent = "No se pudo buscar al ciudadano; complete sus datos."; });
  }

  docNumber.addEventListener("input", lookup);
  docNumber.addEventListener("change", lookup);
  docType.addEventListener("change", lookup);

  var answered = form.querySelector("[name=answered_now]");
  var answerBox = form.querySelector(".answer");
  function toggleAnswer() { if (answerBox) { answerBox.hidden = !answered.checked; } }
  if (answered) {
    answered.addEventListener("change", toggleAnswer);
    toggleAnswer();
  }
})();
