"""Admin pages: users, non-working days (re-dating open cases) and deadline policies."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from service_desk import clock
from service_desk.domain.calendar import FIRST_YEAR, LAST_YEAR
from service_desk.domain.errors import DomainError, ValidationError
from service_desk.extensions import db
from service_desk.services import admin as admin_service
from service_desk.services import calendar as calendar_service
from service_desk.web.admin import bp
from service_desk.web.admin.forms import (
    DeadlineForm,
    NonWorkingDayForm,
    PasswordForm,
    UserCreateForm,
    UserEditForm,
)
from service_desk.web.agent.formkit import apply_errors
from service_desk.web.auth.guards import current_actor


def _failed(form, error: DomainError) -> list[str]:
    db.session.rollback()
    return apply_errors(form, error)


@bp.route("/usuarios", methods=["GET", "POST"])
def users():
    """Every user, and the form to create one."""
    form = UserCreateForm()
    general: list[str] = []
    if form.validate_on_submit():
        try:
            user = admin_service.create_user(
                current_actor(), form.username.data, form.role.data, form.office.data,
                form.password.data, form.full_name.data or "", form.email.data)
        except DomainError as error:
            general = _failed(form, error)
        else:
            flash(f"Usuario {user.username} creado.", "success")
            return redirect(url_for("admin.users"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/users.html", users=admin_service.list_users(), form=form,
                           general=general), status


@bp.route("/usuarios/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    """Change role, office, name or access of one user; reset its password."""
    user = admin_service.get_user(current_actor(), user_id)
    form = UserEditForm(obj=None if request.method == "POST" else user)
    if request.method == "GET":
        form.office.data = user.office_code
    general: list[str] = []
    if form.validate_on_submit():
        try:
            admin_service.update_user(current_actor(), user_id, form.role.data, form.office.data,
                                      form.active.data, form.full_name.data or "")
        except DomainError as error:
            general = _failed(form, error)
        else:
            flash("Cambios guardados.", "success")
            return redirect(url_for("admin.user", user_id=user_id))
    return _user_page(user, form, PasswordForm(), general, 422 if form.is_submitted() else 200)


@bp.post("/usuarios/<int:user_id>/clave")
def reset_password(user_id: int):
    """Set a new password (also lifts a sign-in lock)."""
    user = admin_service.get_user(current_actor(), user_id)
    form = PasswordForm()
    general: list[str] = []
    if form.validate_on_submit():
        try:
            admin_service.reset_password(current_actor(), user_id, form.password.data)
        except DomainError as error:
            general = _failed(form, error)
        else:
            flash(f"Contraseña de {user.username} cambiada.", "success")
            return redirect(url_for("admin.user", user_id=user_id))
    edit = UserEditForm(obj=user)
    edit.office.data = user.office_code
    return _user_page(user, edit, form, general, 422)


def _user_page(user, form, password_form, general: list[str], status: int):
    """One user's page: the edit form, the password form and the audited changes."""
    changes = admin_service.user_changes(current_actor(), user.id)
    return render_template("admin/user.html", user=user, form=form, password_form=password_form,
                           general=general, changes=changes), status


@bp.route("/dias-no-laborables", methods=["GET", "POST"])
def non_working_days():
    """Días no laborables of a year; declaring one re-dates open cases and says how many."""
    form = NonWorkingDayForm()
    general: list[str] = []
    if form.validate_on_submit():
        offices = form.offices.data if form.scope.data == "offices" else None
        try:
            redated = admin_service.add_non_working_day(current_actor(), form.day.data, offices,
                                                        form.reason.data or "")
        except DomainError as error:
            general = _failed(form, error)
        else:
            flash(f"Día no laborable registrado. Casos abiertos con plazo recalculado: {redated}.",
                  "success")
            return redirect(url_for("admin.non_working_days", anio=form.day.data.year))
    year = _shown_year(form)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/non_working_days.html", form=form, general=general, year=year,
                           days=calendar_service.list_non_working_days(year)), status


def _shown_year(form: NonWorkingDayForm) -> int:
    """The year to list: ?anio= or the form's date when the calendar covers it, else this year."""
    for year in (request.args.get("anio", type=int), form.day.data and form.day.data.year):
        if year and FIRST_YEAR <= year <= LAST_YEAR:
            return year
    return clock.today_in_lima().year


@bp.route("/plazos", methods=["GET", "POST"])
def deadlines():
    """Días hábiles per case type; a change re-dates open cases of every type it affects."""
    form = DeadlineForm()
    general: list[str] = []
    if form.validate_on_submit():
        try:
            raw = (form.business_days.data or "").strip()
            if raw and not raw.isdigit():
                raise ValidationError({"business_days": "Escriba un número entero de días hábiles."})
            redated = admin_service.set_deadline(current_actor(), form.ticket_type.data,
                                                 int(raw) if raw else None)
        except DomainError as error:
            general = _failed(form, error)
        else:
            flash(f"Plazo guardado. Casos abiertos con plazo recalculado: {redated}.", "success")
            return redirect(url_for("admin.deadlines"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/deadlines.html", form=form, general=general,
                           policies=admin_service.deadline_policies()), status
