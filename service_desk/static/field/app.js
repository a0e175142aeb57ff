// Field-capture app: record attentions offline in IndexedDB, review, edit or discard
// them, and send them in batches when the network is back. No inline script, no CDN.
import { store } from "./store.js";
import { recordErrors } from "./rules.js";

const root = document.getElementById("campo");
const $ = (id) => document.getElementById(id);
const form = $("form-atencion");
const CHUNK = 25; // records per request: the progress bar moves and each answer is saved at once
const SESSION_KEY = "campo.sesion";
const REFERENCE_KEY = "campo.referencia";
const DEVICE_KEY = "campo.dispositivo";
const RULES_KEY = "campo.reglas";
const TRIPS_KEY = "campo.viajes";
const TRIP_CHOICE_KEY = "campo.viaje";
const DISTRICTS_KEY = "campo.distritos";
const CITIZEN_FIELDS = ["document_type", "document_number", "first_name", "last_name", "phone", "address"];
const PENDING = "pendiente", REJECTED = "rechazado", SENT = "enviado";

let reference = { offices: [], types: [], channels: [], subjects: [], languages: [], document_types: [] };
let session = null;
let editing = null;
let rules = null;
let trips = [];
let editingTrip = null;
let districts = [];

function newUuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function deviceId() {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) { id = `web-${newUuid()}`; localStorage.setItem(DEVICE_KEY, id); }
  return id;
}

function label(list, code) {
  const found = reference[list].find((o) => o.code === code);
  return found ? found.label : code;
}

// "2024-03-06T10:30" (device time) -> "2024-03-06T10:30:00-05:00"
function toInstant(local) {
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n) => String(Math.abs(n)).padStart(2, "0");
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

function localNow() {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 16);
}

function showDate(instant) {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : date.toLocaleString("es-PE", { dateStyle: "short", timeStyle: "short" });
}

async function fetchJson(url, options = {}) {
  const response = await fetch(url, { credentials: "same-origin", ...options });
  const body = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, body };
}

async function loadReference() {
  try {
    const { ok, body } = await fetchJson(root.dataset.reference);
    if (ok) { localStorage.setItem(REFERENCE_KEY, JSON.stringify(body)); return body; }
  } catch (offline) { /* the service worker or the copy below answers */ }
  return JSON.parse(localStorage.getItem(REFERENCE_KEY) || "null") || reference;
}

// The server's validation rules, and the trips of the user's offices: fresh when online, else the copy.
async function loadCopy(url, key) {
  try {
    const { ok, body } = await fetchJson(url, { cache: "no-store" });
    if (ok) { localStorage.setItem(key, JSON.stringify(body)); return body; }
  } catch (offline) { /* use the copy kept on the device */ }
  return JSON.parse(localStorage.getItem(key) || "null");
}

function currentTrip() {
  const id = Number(localStorage.getItem(TRIP_CHOICE_KEY) || 0);
  return trips.find((t) => t.id === id) || null;
}

// The office's districts (downloaded with the app, usable offline) narrow the trip list.
function fillDistricts() {
  $("distritos").replaceChildren(...districts.map((d) => Object.assign(document.createElement("option"), {
    value: `${d.district} (${d.province}, ${d.department}) · ${d.ubigeo}`,
  })));
}

function chosenDistrict() {
  const text = $("distrito").value.trim();
  const match = text.match(/(\d{6})$/);
  if (match) return match[1];
  const found = districts.filter((d) => d.district.toLowerCase() === text.toLowerCase());
  return found.length === 1 ? found[0].ubigeo : null;
}

function fillTrips() {
  const select = $("viaje");
  const ubigeo = chosenDistrict();
  select.replaceChildren(new Option("Sin viaje (atención fuera de un viaje itinerante)", ""));
  trips.filter((t) => !ubigeo || t.ubigeo === ubigeo || String(t.id) === localStorage.getItem(TRIP_CHOICE_KEY))
    .forEach((t) => select.append(new Option(t.label, String(t.id))));
  const trip = currentTrip();
  select.value = trip ? String(trip.id) : "";
  $("viaje-elegido").textContent = trip ? `Las atenciones se registran en el viaje ${trip.label}.` : "";
}

function chooseTrip() {
  localStorage.setItem(TRIP_CHOICE_KEY, $("viaje").value);
  fillTrips();
  if (!editing) resetForm();
}

// Who is signed in: from the server when online (with a fresh CSRF token), else the last copy.
async function loadSession() {
  try {
    const { ok, status, body } = await fetchJson(root.dataset.session, { cache: "no-store" });
    if (ok) {
      const { csrf_token: token, ...rest } = body;
      localStorage.setItem(SESSION_KEY, JSON.stringify(rest));
      return { ...rest, token, online: true };
    }
    if (status === 401 || status === 403) return { expired: true, message: body.error?.message };
  } catch (offline) { /* keep working with the saved copy */ }
  const saved = JSON.parse(localStorage.getItem(SESSION_KEY) || "null");
  return saved ? { ...saved, online: false } : null;
}

function fillSelects() {
  form.querySelectorAll("select[data-options]").forEach((select) => {
    let options = reference[select.dataset.options] || [];
    if (select.id === "office" && session?.offices) options = options.filter((o) => session.offices.includes(o.code));
    select.replaceChildren();
    if (select.dataset.empty) select.append(new Option(select.dataset.empty, ""));
    options.forEach((o) => select.append(new Option(`${o.label}`, o.code)));
  });
}

function resetForm() {
  form.reset();
  editing = null;
  editingTrip = null;
  form.elements.filed_at.value = localNow();
  form.elements.channel.value = "itinerante";
  form.elements.language.value = "es";
  if (session?.office) form.elements.office.value = session.office;
  const trip = currentTrip();
  if (trip) {
    form.elements.office.value = trip.office;
    const spoken = trip.languages.find((l) => l !== "es");
    if (spoken && reference.languages.some((l) => l.code === spoken)) form.elements.language.value = spoken;
  }
  $("campo-otro-idioma").hidden = true;
  $("cancelar-edicion").hidden = true;
  $("guardar").textContent = "Guardar en este equipo";
  showErrors({});
}

function readForm() {
  const value = (name) => (form.elements[name]?.value || "").trim();
  const citizen = {};
  CITIZEN_FIELDS.forEach((key) => { if (value(`citizen.${key}`)) citizen[key] = value(`citizen.${key}`); });
  citizen.language = value("language") === "otro" ? value("language_other").toLowerCase() : value("language");
  const trip = editing ? editingTrip : currentTrip();
  const record = {
    client_uuid: editing || newUuid(), filed_at: toInstant(value("filed_at")), type: value("type"),
    subject: value("subject"), channel: value("channel"), office: value("office"),
    description: value("description"), citizen, language: citizen.language,
  };
  if (trip) record.trip = trip.id;
  if (value("response")) record.response = value("response");
  if (value("notes")) record.notes = value("notes");
  return record;
}

// The server's own rules (reglas.json), so nothing is kept that the server would refuse.
function localErrors(record) {
  const trip = record.trip ? trips.find((t) => t.id === record.trip) : null;
  const errors = rules ? recordErrors(record, rules, trip) : {};
  if (!rules && !record.filed_at) errors.filed_at = "Indique la fecha y hora de la atención.";
  if (record.trip && !trip && trips.length) errors.trip = "El viaje elegido ya no está en este equipo.";
  return errors;
}

function showErrors(errors) {
  form.querySelectorAll("[data-error-for]").forEach((p) => {
    const message = errors[p.dataset.errorFor] || "";
    p.textContent = message;
    p.closest(".field")?.classList.toggle("has-error", Boolean(message));
  });
  const known = new Set([...form.querySelectorAll("[data-error-for]")].map((p) => p.dataset.errorFor));
  const others = Object.entries(errors).filter(([key]) => !known.has(key));
  const box = $("errores-generales");
  box.replaceChildren(...others.map(([key, message]) => Object.assign(document.createElement("p"), { textContent: `${key}: ${message}` })));
  box.hidden = others.length === 0;
}

async function save(event) {
  event.preventDefault();
  const record = readForm();
  const errors = localErrors(record);
  showErrors(errors);
  if (Object.keys(errors).length) return;
  const previous = editing ? await store.get(editing) : null;
  const savedAt = previous?.saved_at || new Date().toISOString();
  await store.put({ client_uuid: record.client_uuid, record, state: PENDING, errors: {}, code: null, saved_at: savedAt });
  resetForm();
  await render();
  $("mensaje-sync").textContent = "Atención guardada en este equipo.";
}

async function edit(id) {
  const item = await store.get(id);
  if (!item) return;
  resetForm();
  editing = id;
  const r = item.record;
  editingTrip = r.trip ? trips.find((t) => t.id === r.trip) || { id: r.trip } : null;
  const local = new Date(r.filed_at);
  local.setMinutes(local.getMinutes() - local.getTimezoneOffset());
  form.elements.filed_at.value = local.toISOString().slice(0, 16);
  ["type", "subject", "channel", "office", "description", "response", "notes"].forEach((k) => { form.elements[k].value = r[k] || ""; });
  CITIZEN_FIELDS.forEach((k) => { form.elements[`citizen.${k}`].value = r.citizen?.[k] || ""; });
  const known = reference.languages.some((l) => l.code === r.citizen?.language);
  form.elements.language.value = known ? r.citizen.language : "otro";
  form.elements.language_other.value = known ? "" : r.citizen?.language || "";
  $("campo-otro-idioma").hidden = known;
  $("cancelar-edicion").hidden = false;
  $("guardar").textContent = "Guardar cambios";
  showErrors(item.errors || {});
  form.scrollIntoView({ behavior: "smooth" });
}

async function discard(id) {
  if (!window.confirm("¿Descartar esta atención? No se podrá recuperar.")) return;
  await store.remove(id);
  if (editing === id) resetForm();
  await render();
}

function describe(item) {
  const r = item.record;
  const trip = r.trip ? ` · viaje N.º ${r.trip}` : "";
  const who = [r.citizen?.first_name, r.citizen?.last_name].filter(Boolean).join(" ");
  const doc = r.citizen?.document_number ? `${r.citizen.document_type || ""} ${r.citizen.document_number}`.trim() : r.citizen?.phone || "";
  return `${label("types", r.type)} · ${label("subjects", r.subject)} · ${showDate(r.filed_at)} · ${who || "Sin nombre"}${doc ? ` (${doc})` : ""} · ${label("languages", r.citizen?.language)}${trip}`;
}

function pendingItem(item) {
  const li = document.createElement("li");
  li.dataset.uuid = item.client_uuid;
  li.className = item.state === REJECTED ? "rechazada" : "pendiente";
  li.append(Object.assign(document.createElement("strong"), { textContent: describe(item) }));
  li.append(Object.assign(document.createElement("p"), { textContent: item.record.description }));
  if (item.state === REJECTED) {
    // The server's messages name their field in Spanish; its keys (citizen.document_number) are not for people.
    const errors = Object.values(item.errors || {}).join(" · ");
    li.append(Object.assign(document.createElement("p"), { className: "error", textContent: `Por corregir: ${errors}` }));
  }
  const actions = document.createElement("p");
  const editButton = Object.assign(document.createElement("button"), { type: "button", textContent: "Editar", className: "secundario" });
  editButton.addEventListener("click", () => edit(item.client_uuid));
  const discardButton = Object.assign(document.createElement("button"), { type: "button", textContent: "Descartar", className: "danger" });
  discardButton.addEventListener("click", () => discard(item.client_uuid));
  actions.append(editButton, " ", discardButton);
  li.append(actions);
  return li;
}

function sentItem(item) {
  const li = document.createElement("li");
  li.dataset.uuid = item.client_uuid;
  li.append(Object.assign(document.createElement("strong"), { className: "codigo", textContent: item.code }));
  li.append(` ${item.duplicate ? "(ya estaba registrada)" : "registrada"} · ${describe(item)}`);
  return li;
}

// In the order they were captured (IndexedDB returns them by key).
async function captured() {
  return (await store.all()).sort((a, b) => a.saved_at.localeCompare(b.saved_at));
}

async function render() {
  const items = await captured();
  const pending = items.filter((i) => i.state !== SENT);
  const sent = items.filter((i) => i.state === SENT);
  $("pendientes").replaceChildren(...pending.map(pendingItem));
  $("enviadas").replaceChildren(...sent.map(sentItem));
  $("num-pendientes").textContent = String(pending.length);
  $("sin-pendientes").hidden = pending.length > 0;
  $("limpiar-enviadas").hidden = sent.length === 0;
  updateNetwork(pending.length);
}

function updateNetwork(pendingCount) {
  const online = navigator.onLine;
  $("estado-red").textContent = online ? "Con conexión." : "Sin conexión: las atenciones se guardan en este equipo.";
  $("estado-red").classList.toggle("offline", !online);
  const count = pendingCount ?? Number($("num-pendientes").textContent);
  $("sincronizar").disabled = !online || count === 0;
}

function applySession() {
  const text = $("sesion");
  if (session?.expired) text.textContent = "Su sesión terminó: puede seguir registrando; inicie sesión con conexión para enviar.";
  else if (session) text.textContent = `Registrando como ${session.name} · oficina ${session.office}${session.online ? "" : " (sin conexión)"}.`;
}

function outcome(item, result) {
  if (result.status === "created" || result.status === "duplicate") {
    return { ...item, state: SENT, code: result.code, duplicate: result.status === "duplicate", errors: {} };
  }
  return { ...item, state: REJECTED, errors: result.errors || {} };
}

async function synchronize() {
  const message = $("mensaje-sync");
  const items = (await captured()).filter((i) => i.state !== SENT);
  if (!items.length) return;
  $("sincronizar").disabled = true;
  const fresh = await loadSession();
  if (!fresh?.online || !fresh.token) {
    message.textContent = fresh?.expired
      ? "Su sesión terminó. Inicie sesión y vuelva a esta página: sus atenciones siguen guardadas."
      : "No hay conexión con el servidor; intente más tarde.";
    updateNetwork();
    return;
  }
  session = fresh;
  const progress = $("progreso");
  Object.assign(progress, { hidden: false, max: items.length, value: 0 });
  const counts = { created: 0, duplicate: 0, rejected: 0 };
  for (let start = 0; start < items.length; start += CHUNK) {
    const chunk = items.slice(start, start + CHUNK);
    message.textContent = `Enviando ${start + 1}–${start + chunk.length} de ${items.length}…`;
    let answer;
    try {
      answer = await fetchJson(root.dataset.sync, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": session.token },
        body: JSON.stringify({ device_id: deviceId(), records: chunk.map((i) => i.record) }),
      });
    } catch (offline) {
      answer = { ok: false, body: { error: { message: "Se perdió la conexión." } } };
    }
    if (!answer.ok) {
      message.textContent = `Envío interrumpido: ${answer.body.error?.message || "error del servidor"}. Lo enviado ya quedó registrado; vuelva a sincronizar.`;
      break;
    }
    const byUuid = new Map(chunk.map((i) => [i.client_uuid, i]));
    const updated = answer.body.results.filter((r) => byUuid.has(r.client_uuid)).map((r) => {
      counts[r.status] += 1;
      return outcome(byUuid.get(r.client_uuid), r);
    });
    await store.putMany(updated);
    progress.value = start + chunk.length;
    await render();
    message.textContent = `Enviadas: ${counts.created} nuevas, ${counts.duplicate} ya registradas, ${counts.rejected} por corregir.`;
  }
  await render();
}

async function clearSent() {
  const sent = (await store.all()).filter((i) => i.state === SENT);
  await Promise.all(sent.map((i) => store.remove(i.client_uuid)));
  await render();
}

function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(root.dataset.sw, { scope: root.dataset.scope }).catch(() => {
    $("mensaje-sync").textContent = "Este navegador no pudo preparar el uso sin conexión.";
  });
  navigator.storage?.persist?.();
}

async function init() {
  registerWorker();
  [reference, session] = await Promise.all([loadReference(), loadSession()]);
  [rules, trips] = await Promise.all([loadCopy(root.dataset.rules, RULES_KEY),
    loadCopy(root.dataset.trips, TRIPS_KEY).then((body) => body?.trips || [])]);
  districts = (await loadCopy(root.dataset.districts, DISTRICTS_KEY))?.districts || [];
  fillSelects();
  fillDistricts();
  fillTrips();
  applySession();
  resetForm();
  form.addEventListener("submit", save);
  $("viaje").addEventListener("change", chooseTrip);
  $("distrito").addEventListener("change", fillTrips);
  form.elements.language.addEventListener("change", () => { $("campo-otro-idioma").hidden = form.elements.language.value !== "otro"; });
  $("cancelar-edicion").addEventListener("click", resetForm);
  $("sincronizar").addEventListener("click", synchronize);
  $("limpiar-enviadas").addEventListener("click", clearSent);
  window.addEventListener("online", async () => {
    updateNetwork();
    session = (await loadSession()) || session;  // back online: a fresh session and CSRF token
    applySession();
  });
  window.addEventListener("offline", () => updateNetwork());
  await render();
  root.dataset.ready = "true";
}

init();
