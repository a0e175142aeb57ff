"""quickstart's demo data shows this issue's features: answered surveys and a knowledge base."""

from sqlalchemy import func, select

from service_desk.extensions import db
from service_desk.models import AnswerArticle, Survey
from service_desk.services.demo import create_demo_tickets, create_demo_users


def test_demo_data_has_answered_surveys_with_comments_and_published_answers(client):
    create_demo_users()
    create_demo_tickets(150)

    answered = db.session.scalar(select(func.count()).select_from(Survey).where(Survey.rating.is_not(None)))
    commented = db.session.scalar(select(func.count()).select_from(Survey).where(Survey.comment.is_not(None)))
    assert answered > 10 and commented > 0
    assert db.session.scalar(select(func.count()).select_from(AnswerArticle).where(
        AnswerArticle.published.is_(True))) == 3
    assert "¿Cuándo y dónde cobro el abono?" in client.get("/preguntas-frecuentes").get_data(as_text=True)
