"""Sign-in with lock-out after repeated failures; sign-out; each role lands on its page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError

from service_desk.services import auth as auth_service
from service_desk.web.auth import bp
from service_desk.web.auth.forms import LoginForm, LogoutForm
from service_desk.web.auth.guards import home_url


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths, so a crafted link cannot send users elsewhere after sign-in."""
    if not target:
        return None
    # Control characters (CR/LF) would split the Location header; a backslash is read as a
    # slash by browsers, so "/\\evil.example" would leave the site.
    if any(ord(c) < 32 or c in "\x7f\\" for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign-in form; wrong credentials and locks are explained on the page."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user.role))
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        try:
            user = auth_service.authenticate(form.username.data, form.password.data,
                                             request.remote_addr or "")
        except auth_service.LoginRefused as refused:
            error, status = refused.message, 429 if refused.locked else 401
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or home_url(user.role))
    elif form.is_submitted():
        status = 422
    response = make_response(render_template("auth/login.html", form=form, error=error), status)
    if status == 429:  # locked: say when to come back, to people and to clients
        response.headers["Retry-After"] = str(auth_service.LOCK_MINUTES * 60)
    return response


@bp.post("/logout")
def logout():
    """Sign out (POST with CSRF token, so a link elsewhere cannot sign anyone out)."""
    if LogoutForm().validate_on_submit():
        if current_user.is_authenticated:
            auth_service.sign_out(current_user)  # earlier copies of the cookie stop working
        logout_user()
        flash("Sesión cerrada.", "info")
    return redirect(url_for("auth.login"))


@bp.app_errorhandler(CSRFError)
def csrf_failed(_error: CSRFError):
    """A form older than the session (or forged): say so in Spanish instead of a bare 400."""
    message = "El formulario caducó o no es válido. Recargue la página e intente de nuevo."
    return render_template("errors/error.html", status=400, message=message), 400
