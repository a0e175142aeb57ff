"""What citizens ask most (per office and period) and the knowledge base of answers UCI maintains."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from service_desk.domain import access
from service_desk.domain.catalog import OFFICES, SUBJECTS
from service_desk.domain.errors import Forbidden, ValidationError
from service_desk.domain.frequent import MIN_LENGTH
from service_desk.services import knowledge
from service_desk.services.reports.frequent import frequent_questions
from service_desk.web.agent.formkit import SpanishForm, options
from service_desk.web.auth.guards import current_actor
from service_desk.web.read_routing import reads_from_replica
from service_desk.web.reports import bp
from service_desk.web.reports.routes import _office, _period


class ArticleForm(SpanishForm):
    title = StringField("Título (la pregunta del ciudadano)", render_kw={"maxlength": 200})
    subject = SelectField("Tema", choices=options([("", "Elija el tema"), *SUBJECTS.items()]),
                          validate_choice=False)
    body = TextAreaField("Respuesta", render_kw={"rows": 8, "maxlength": 5000})
    published = BooleanField("Publicada (visible en «Preguntas frecuentes» y para los orientadores)")


@bp.get("/preguntas")
@reads_from_replica
def questions():
    """Most frequent topics of consultas and pedidos and the words most cases mention."""
    actor = current_actor()
    period, period_error, raw = _period()
    office = _office()
    found = frequent_questions(actor, period, office)
    return render_template("reports/questions.html", found=found, period_input=raw,
                           period_error=period_error, office=office, offices=OFFICES,
                           national=access.sees_all_offices(actor), min_length=MIN_LENGTH,
                           can_edit=actor.role in knowledge.EDITOR_ROLES)


def _require_editor() -> None:
    if current_actor().role not in knowledge.EDITOR_ROLES:
        raise Forbidden("Solo la supervisión nacional (UCI) o un administrador edita la base de respuestas.")


@bp.get("/respuestas")
def answers():
    """Every answer of the knowledge base with its uses (editors)."""
    _require_editor()
    articles = knowledge.list_articles(current_actor(), request.args.get("q"), limit=500)
    return render_template("reports/answers.html", articles=articles, q=request.args.get("q", ""))


@bp.route("/respuestas/nueva", methods=["GET", "POST"], defaults={"article_id": None})
@bp.route("/respuestas/<int:article_id>", methods=["GET", "POST"])
def edit_answer(article_id: int | None):
    """Write or edit an answer; publishing it puts it on the public FAQ page."""
    _require_editor()
    actor = current_actor()
    article = knowledge.get_article(actor, article_id) if article_id else None
    form = ArticleForm(obj=article) if request.method == "GET" else ArticleForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            data = knowledge.validate(form.title.data, form.subject.data, form.body.data,
                                      form.published.data)
            saved = knowledge.save_article(actor, data, article_id)
        except ValidationError as error:
            errors = error.fields
        else:
            flash(f"Respuesta «{saved.title}» guardada.", "success")
            return redirect(url_for("reports.answers"))
    elif form.is_submitted():
        errors = {"form": "El formulario caducó; inténtelo de nuevo."}
    return render_template("reports/answer_edit.html", form=form, article=article,
                           errors=errors), 422 if errors else 200
