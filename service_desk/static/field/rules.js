// The server's validation rules (GET /campo/reglas.json, from service_desk/domain/validation.py)
// applied on the device, with the server's own messages: what the app accepts offline is what
// the server accepts when the batch is sent.

const format = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));

function normalizePhone(raw, rule) {
  let digits = raw.replace(new RegExp(rule.strip, "g"), "");
  const prefix = rule.prefixes.find((p) => digits.startsWith(p));
  if (prefix) digits = digits.slice(prefix.length);
  else if (digits.startsWith("51") && digits.length === 11) digits = digits.slice(2);
  if (new RegExp(rule.mobile).test(digits)) return `+51${digits}`;
  if (new RegExp(rule.fixed).test(digits)) return `+51${digits.slice(1)}`;
  return null;
}

function textErrors(values, rules, errors, prefix = "") {
  Object.entries(rules.texts).forEach(([key, text]) => {
    if (!(key in values)) return;
    const value = (values[key] || "").trim();
    if (value.length > text.max) errors[prefix + key] = format(rules.max_length_format, { label: text.label, limit: text.max });
  });
}

function citizenErrors(citizen, rules, errors) {
  const local = {};
  textErrors(citizen, rules, local);
  const type = citizen.document_type || "";
  const number = (citizen.document_number || "").trim().toUpperCase();
  if (type && !number) local.document_number = rules.document_number_missing;
  else if (number && !type) local.document_type = rules.document_type_missing;
  else if (type && rules.documents[type] && !new RegExp(rules.documents[type].pattern).test(number)) {
    local.document_number = rules.documents[type].message;
  }
  if (citizen.phone && normalizePhone(citizen.phone, rules.phone) === null) local.phone = rules.phone.message;
  if (citizen.email && !new RegExp(rules.email.pattern).test(citizen.email)) local.email = rules.email.message;
  if (citizen.language && !new RegExp(rules.language.pattern).test(citizen.language)) local.language = rules.language.message;
  Object.entries(local).forEach(([key, message]) => { errors[`citizen.${key}`] = message; });
}

// "2024-03-06T10:30:00-05:00" -> the calendar day in Lima (UTC-5, no daylight saving).
function limaDay(instant) {
  const lima = new Date(new Date(instant).getTime() - 5 * 3600 * 1000);
  return lima.toISOString().slice(0, 10);
}

const showDay = (iso) => iso.split("-").reverse().join("/");

function tripError(record, trip, rules) {
  if (!trip || !record.filed_at) return null;
  if (trip.office !== record.office) return rules.messages.other_office;
  const day = limaDay(record.filed_at);
  if (day < trip.starts_on || day > trip.ends_on) {
    return format(rules.messages.outside, { day: showDay(day), starts: showDay(trip.starts_on), ends: showDay(trip.ends_on) });
  }
  if (record.channel !== rules.channel) return rules.messages.channel;
  return null;
}

// Every problem of a record, keyed like the server's answer (citizen.document_number, ...).
export function recordErrors(record, rules, trip) {
  const errors = {};
  const ticket = rules.ticket;
  const filed = ticket.filed_at;
  if (!record.filed_at) errors.filed_at = filed.required_message;
  else if (new Date(record.filed_at) > new Date(Date.now() + filed.max_skew_seconds * 1000)) errors.filed_at = filed.future_message;
  if (!(record.description || "").trim()) errors.description = format(ticket.required_format, { label: ticket.texts.description.label });
  textErrors({ description: record.description }, ticket, errors);
  citizenErrors(record.citizen || {}, ticket, errors);
  if (record.language && !new RegExp(ticket.language.pattern).test(record.language)) errors.language = ticket.language.message;
  const c = record.citizen || {};
  if (!ticket.identity.exempt_types.includes(record.type) && !(c.document_number || c.phone || c.email)) {
    errors.citizen = ticket.identity.message;
  }
  const trip_problem = tripError(record, trip, rules.trip);
  if (trip_problem) errors.trip = trip_problem;
  return errors;
}
