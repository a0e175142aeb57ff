"""Sign-in form."""

from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from service_desk.web.agent.formkit import SpanishForm


class LoginForm(SpanishForm):
    username = StringField("Usuario", validators=[
        InputRequired("Escriba su usuario."), Length(max=64)],
        render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Contraseña", validators=[
        InputRequired("Escriba su contraseña."), Length(max=200)],
        render_kw={"autocomplete": "current-password"})


class LogoutForm(SpanishForm):
    """Only the CSRF token: signing out is a POST."""
