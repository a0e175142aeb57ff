"""Agents search the knowledge base from the case page and insert an answer as the response."""

from __future__ import annotations

from flask import render_template, request

from service_desk.domain.catalog import SUBJECTS
from service_desk.services import knowledge
from service_desk.services import tickets as ticket_service
from service_desk.web.agent import bp
from service_desk.web.agent.forms import CloseForm
from service_desk.web.agent.routes import render_ticket
from service_desk.web.auth.guards import current_actor


@bp.get("/casos/<code>/respuestas")
def answers_for_case(code: str):
    """Published answers matching the search (by default, the case's topic)."""
    actor = current_actor()
    ticket = ticket_service.get_ticket(actor, code)  # 404 when the case is not visible
    text = (request.args.get("q") or "").strip()[:100]
    subject = request.args.get("tema", ticket.subject if not text else "")
    articles = knowledge.list_articles(actor, text, subject or None, published_only=True)
    return render_template("agent/answers.html", ticket=ticket, articles=articles, q=text,
                           subject=subject, subjects=SUBJECTS, form=CloseForm(formdata=None))


@bp.post("/casos/<code>/respuestas/<int:article_id>")
def use_answer(code: str, article_id: int):
    """Count the use and show the case page with the answer in the response box, ready to edit."""
    actor = current_actor()
    ticket_service.get_ticket(actor, code)
    form = CloseForm()
    if not form.validate_on_submit():
        return render_ticket(code, general=["El formulario caducó; inténtelo de nuevo."], status=400)
    article = knowledge.use_article(actor, article_id)
    close = CloseForm(formdata=None, prefix="close", data={"response": article.body})
    return render_ticket(code, {"close": close})
