"""Libro de Reclamaciones digital: form, constancia (page and PDF), case lookup, privacy notice."""

from __future__ import annotations

import uuid

from flask import abort, current_app, make_response, redirect, render_template, url_for
from flask_wtf.csrf import CSRFError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from service_desk.domain.errors import ValidationError
from service_desk.extensions import db
from service_desk.models import Ticket
from service_desk.services import libro
from service_desk.services.constancia import constancia_of, constancia_pdf
from service_desk.web.public import bp, limiter
from service_desk.web.public.forms import LookupForm, ReclamoForm

CONSTANCIA_DAYS = 90
FILING_FAILED = "No se pudo registrar el reclamo. Revise el formulario e inténtelo nuevamente."
NOT_FOUND = ("No encontramos un reclamo con ese código y ese número de documento. "
             "Revise ambos datos tal como figuran en su constancia.")


def _filing_limit() -> str:
    return current_app.config["LIBRO_RATE_LIMIT"]


def _lookup_limit() -> str:
    return current_app.config["LIBRO_LOOKUP_RATE_LIMIT"]


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="libro-constancia")


def _first_errors(form) -> dict[str, str]:
    return {name: messages[0] for name, messages in form.errors.items() if messages}


@bp.get("/libro-de-reclamaciones")
def libro_form():
    """The Hoja de Reclamación, with a one-time id so a double click files once."""
    form = ReclamoForm(filing_id=str(uuid.uuid4()))
    return render_template("public/libro.html", form=form, errors={})


@bp.post("/libro-de-reclamaciones")
@limiter.limit(_filing_limit)
def libro_submit():
    """Validate everything, file the reclamo and show its constancia; nothing is saved on error."""
    form = ReclamoForm()
    if form.website.data:
        return render_template("public/libro.html", form=form, errors={"form": FILING_FAILED}), 422
    if not form.validate():
        return render_template("public/libro.html", form=form, errors=_first_errors(form)), 422
    try:
        ticket = libro.file_reclamo(_filing_of(form))
    except ValidationError as error:
        return render_template("public/libro.html", form=form, errors=error.fields), 422
    return redirect(url_for("public.constancia", token=_signer().dumps(ticket.code)), code=303)


def _filing_of(form: ReclamoForm) -> libro.ReclamoFiling:
    def text(field) -> str | None:
        return (field.data or "").strip() or None

    files = [libro.UploadedFile(f.filename or "archivo", f.read())
             for f in form.attachments.data or [] if f and f.filename]
    return libro.ReclamoFiling(
        document_type=form.document_type.data, document_number=text(form.document_number),
        first_name=text(form.first_name), last_name=text(form.last_name), address=text(form.address),
        department=form.department.data, email=text(form.email), phone=text(form.phone),
        subject=form.subject.data, facts=text(form.facts), petition=text(form.petition),
        filing_id=form.filing_id.data, files=files)


def _ticket_of(token: str) -> Ticket:
    """The ticket a constancia link names; the signed link is the citizen's proof of filing."""
    try:
        code = _signer().loads(token, max_age=CONSTANCIA_DAYS * 86400)
    except BadSignature:
        abort(404)
    ticket = db.session.scalar(select(Ticket).where(Ticket.code == code))
    if ticket is None:
        abort(404)
    return ticket


@bp.get("/libro-de-reclamaciones/constancia/<token>")
def constancia(token: str):
    """The constancia: code, reception day, due date and the text filed."""
    ticket = _ticket_of(token)
    return render_template("public/constancia.html", constancia=constancia_of(ticket), token=token)


@bp.get("/libro-de-reclamaciones/constancia/<token>/pdf")
def constancia_download(token: str):
    """The same constancia as a PDF file."""
    ticket = _ticket_of(token)
    response = make_response(constancia_pdf(ticket))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="constancia-{ticket.code}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/libro-de-reclamaciones/consulta", methods=["GET", "POST"])
@limiter.limit(_lookup_limit, methods=["POST"])
def lookup():
    """Status of one case by code and document number; every mismatch gets the same answer."""
    form = LookupForm()
    if not form.is_submitted():
        return render_template("public/consulta.html", form=form, errors={}, case=None)
    if form.website.data:
        return render_template("public/consulta.html", form=form, errors={"form": NOT_FOUND},
                               case=None), 404
    if not form.validate():
        return render_template("public/consulta.html", form=form, errors=_first_errors(form),
                               case=None), 422
    case = libro.lookup_case(form.code.data, form.document_number.data)
    if case is None:
        return render_template("public/consulta.html", form=form, errors={"form": NOT_FOUND},
                               case=None), 404
    return render_template("public/consulta.html", form=form, errors={}, case=case)


@bp.get("/libro-de-reclamaciones/privacidad")
def privacy():
    """How JUNTOS treats the personal data of the Libro (Ley 29733, DS 016-2024-JUS)."""
    return render_template("public/privacidad.html")


@bp.errorhandler(CSRFError)
def _csrf_failed(_error):
    return render_template("errors/error.html", status=400,
                           message="El formulario caducó. Vuelva a cargar la página e inténtelo "
                                   "nuevamente."), 400
