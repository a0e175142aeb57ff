"""/preguntas-frecuentes: the published answers of the knowledge base, by topic ("Juntos te responde")."""

from __future__ import annotations

from flask import render_template

from service_desk.domain.catalog import SUBJECTS
from service_desk.services import knowledge
from service_desk.web.public import bp


@bp.get("/preguntas-frecuentes")
def faq():
    """Published answers grouped by topic; no login, no personal data."""
    articles = knowledge.list_articles(None, published_only=True, limit=500)
    grouped = {s: [a for a in articles if a.subject == s] for s in SUBJECTS}
    return render_template("public/faq.html", grouped={s: a for s, a in grouped.items() if a},
                           subjects=SUBJECTS)
