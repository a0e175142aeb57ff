"""The public satisfaction survey: /encuesta/<token> (one tap per answer, one answer per case)."""

from __future__ import annotations

from flask import current_app, render_template
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Optional

from service_desk.domain import surveys as rules
from service_desk.domain.errors import NotFound, ValidationError
from service_desk.services import surveys as survey_service
from service_desk.web.public import bp, limiter


class SurveyForm(FlaskForm):
    """Carries the CSRF token; the rating comes from the button the citizen taps."""

    rating = StringField("Calificación", [Optional()])
    comment = TextAreaField("Comentario (opcional)", [Optional()],
                            render_kw={"rows": 3, "maxlength": rules.MAX_COMMENT})


def _lookup_limit() -> str:
    return current_app.config["LIBRO_LOOKUP_RATE_LIMIT"]


def _survey_or_404(token: str):
    try:
        return survey_service.survey_of_token(token)
    except NotFound:
        return None


def _page(survey, form: SurveyForm, errors: dict | None = None, status: int = 200, thanks=False):
    return render_template("public/survey.html", survey=survey, form=form, errors=errors or {},
                           scale=rules.SCALE, thanks=thanks), status


@bp.get("/encuesta/<token>")
def survey(token: str):
    """The question in Spanish with five buttons; an answered survey says so."""
    found = _survey_or_404(token)
    if found is None:
        return render_template("public/survey_missing.html"), 404
    return _page(found, SurveyForm(formdata=None))


@bp.post("/encuesta/<token>")
@limiter.limit(_lookup_limit)
def answer_survey(token: str):
    """Record the rating (and comment); a second answer changes nothing."""
    found = _survey_or_404(token)
    if found is None:
        return render_template("public/survey_missing.html"), 404
    form = SurveyForm()
    if not form.validate():
        return _page(found, form, {"form": "El formulario caducó. Vuelva a cargar la página."}, 400)
    try:
        answer = survey_service.answer_survey(token, form.rating.data, form.comment.data)
    except ValidationError as error:
        return _page(found, form, error.fields, 422)
    return _page(answer.survey, form, thanks=answer.recorded)
