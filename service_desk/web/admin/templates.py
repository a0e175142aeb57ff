"""Message templates per language: the texts citizens receive, edited by administrators."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from service_desk.domain.catalog import LANGUAGES
from service_desk.domain.errors import ValidationError
from service_desk.domain.messages import MESSAGES
from service_desk.domain.validation import valid_language
from service_desk.extensions import db
from service_desk.services import messages
from service_desk.web.admin import bp
from service_desk.web.auth.guards import current_actor


@bp.get("/plantillas")
def message_templates():
    """Every text sent to citizens and the languages it has been translated into."""
    return render_template("admin/templates.html", kinds=MESSAGES,
                           stored=messages.templates_by_key(), languages=LANGUAGES)


@bp.route("/plantillas/<key>/<language>", methods=["GET", "POST"])
def edit_message_template(key: str, language: str):
    """Write one text in one language; an empty translation falls back to Spanish."""
    if key not in MESSAGES or not valid_language(language):
        abort(404)
    row = messages.templates_by_key().get(key, {}).get(language)
    body = row.body if row else ""
    error = None
    if request.method == "POST":
        body = request.form.get("body", "")
        try:
            saved = messages.save_template(current_actor(), key, language, body)
        except ValidationError as problem:
            db.session.rollback()
            error = next(iter(problem.fields.values()))
        else:
            flash("Plantilla guardada." if saved else "Traducción eliminada: se usará el castellano.",
                  "success")
            return redirect(url_for("admin.message_templates"))
    return render_template("admin/template_edit.html", key=key, kind=MESSAGES[key],
                           language=language, language_name=LANGUAGES.get(language, language),
                           body=body, error=error), 422 if error else 200
