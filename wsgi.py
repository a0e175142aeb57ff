"""WSGI entry point: gunicorn wsgi:app, flask --app wsgi ..."""

from service_desk import create_app

app = create_app()
