"""sla-scan: alerts in Lima business days, once per ticket and level, notified to the right people."""

from __future__ import annotations

from sqlalchemy import event, func, select

from service_desk.extensions import db
from service_desk.models import Alert, Notification, OutboxMessage
from service_desk.services.alerts import scan_sla


def alert_levels(ticket) -> set[str]:
    return set(db.session.scalars(select(Alert.level).where(Alert.ticket_id == ticket.id)))


def test_reclamo_turns_por_vencer_with_five_business_days_left_and_vencido_after_its_due_day(
        file_case, now_lima):
    # DOMAIN.md: received Mon 4 Mar 2024 + 30 días hábiles (Semana Santa skipped) -> due Wed 17 Apr.
    ticket = file_case("2024-03-04 10:00")
    assert ticket.due_on.isoformat() == "2024-04-17"
    now_lima("2024-04-09 08:00")  # six días hábiles left
    scan_sla()
    assert alert_levels(ticket) == set()
    now_lima("2024-04-10 08:00")  # five left
    scan_sla()
    assert alert_levels(ticket) == {"por_vencer"}
    now_lima("2024-04-17 18:00")  # the due day itself is still in time
    scan_sla()
    assert alert_levels(ticket) == {"por_vencer"}
    now_lima("2024-04-18 00:05")
    assert scan_sla().raised == {"vencido": 1, "por_vencer": 0}
    assert alert_levels(ticket) == {"por_vencer", "vencido"}


def test_no_vencido_over_a_dnl_a_weekend_and_a_holiday_after_the_due_day(file_case, now_lima):
    ticket = file_case("2024-06-12 09:00")
    assert ticket.due_on.isoformat() == "2024-07-25"
    # Fri 26 Jul is a DNL (DS 011-2024-PCM), 27-28 weekend/feriado, Mon 29 Jul a feriado.
    for day in ("2024-07-26", "2024-07-27", "2024-07-28", "2024-07-29"):
        now_lima(f"{day} 12:00")
        scan_sla()
        assert "vencido" not in alert_levels(ticket), day
    now_lima("2024-07-30 08:00")
    scan_sla()
    assert "vencido" in alert_levels(ticket)


def test_regional_non_working_days_delay_vencido_only_in_their_offices(file_case, now_lima):
    lima = file_case("2024-09-27 10:00", office="LIM")
    cusco = file_case("2024-09-27 10:00", office="CUS")
    assert lima.due_on == cusco.due_on and lima.due_on.isoformat() == "2024-11-13"
    now_lima("2024-11-14 09:00")  # APEC: 14-16 Nov are non-working in Lima only
    scan_sla()
    assert "vencido" in alert_levels(cusco)
    assert "vencido" not in alert_levels(lima)
    now_lima("2024-11-18 09:00")
    scan_sla()
    assert "vencido" in alert_levels(lima)


def test_scanning_again_raises_nothing_new_and_notifies_nobody_twice(file_case, person, now_lima):
    agent = person("agent", "LIM", email="toau@juntos.gob.pe")
    file_case("2024-03-04 10:00", assignee=agent)
    now_lima("2024-04-18 09:00")
    first = scan_sla()
    second = scan_sla()
    assert first.raised["vencido"] == 1 and first.notifications == 1 and first.emails == 1
    assert second.raised == {"vencido": 0, "por_vencer": 0}
    assert (second.notifications, second.emails) == (0, 0)
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_closed_and_annulled_tickets_raise_no_alerts(file_case, close_case, annul_case, now_lima):
    closed = file_case("2024-03-04 10:00")
    annulled = file_case("2024-03-04 11:00")
    close_case(closed, "2024-04-20 10:00")  # late, but closed
    annul_case(annulled, "2024-03-05 10:00")
    now_lima("2024-04-22 09:00")
    assert scan_sla().raised == {"vencido": 0, "por_vencer": 0}


def test_consultas_without_deadline_raise_no_alerts(file_case, now_lima):
    file_case("2024-01-08 10:00", type="consulta")
    now_lima("2024-06-03 09:00")
    assert sum(scan_sla().raised.values()) == 0


def test_alert_reaches_the_assignee_and_office_supervisors_in_the_app_and_by_email(
        file_case, person, now_lima):
    agent = person("agent", "LIM", email="toau.lima@juntos.gob.pe")
    boss = person("supervisor", "LIM", email="coord.lima@juntos.gob.pe")
    quiet_boss = person("supervisor", "LIM", email=None)
    other_boss = person("supervisor", "CUS", email="coord.cusco@juntos.gob.pe")
    colleague = person("agent", "LIM", email="otro@juntos.gob.pe")
    national = person("national_supervisor", email="uci@juntos.gob.pe")
    ticket = file_case("2024-03-04 10:00", assignee=agent)
    now_lima("2024-04-10 09:00")
    scan_sla()
    notified = set(db.session.scalars(select(Notification.user_id)))
    assert notified == {agent.id, boss.id, quiet_boss.id}
    assert not notified & {other_boss.id, colleague.id, national.id}
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert {m.recipient for m in mails} == {"toau.lima@juntos.gob.pe", "coord.lima@juntos.gob.pe"}
    body = mails[0].body
    assert ticket.code in body and "Por vencer" in body and "17/04/2024" in body
    assert "Quispe" not in body and "12345678" not in body  # no citizen data in alerts


def test_denuncia_alerts_reach_only_integrity_and_their_mail_carries_no_identity_or_content(
        file_case, person, now_lima):
    integrity = person("integrity", email="integridad@juntos.gob.pe")
    boss = person("supervisor", "LIM", email="coord.lima@juntos.gob.pe")
    denuncia = file_case("2024-03-04 10:00", type="denuncia", assignee=integrity,
                         description="Cobro indebido por el gestor local")
    now_lima("2024-04-18 09:00")
    scan_sla()
    assert set(db.session.scalars(select(Notification.user_id))) == {integrity.id}
    (mail,) = db.session.scalars(select(OutboxMessage)).all()
    assert mail.recipient == "integridad@juntos.gob.pe" and boss.email not in mail.recipient
    for secret in (denuncia.code, "Cobro indebido", "Quispe", "12345678", "Rosa"):
        assert secret not in mail.body and secret not in (mail.subject or "")
    assert "reservados" in mail.body


def test_the_scan_runs_the_same_few_statements_whatever_the_backlog(file_case, now_lima):
    def statements_of_a_fresh_scan() -> int:
        db.session.execute(Notification.__table__.delete())
        db.session.execute(Alert.__table__.delete())
        db.session.commit()
        count = 0

        def _count(*_args):
            nonlocal count
            count += 1

        event.listen(db.engine, "before_cursor_execute", _count)
        try:
            scan_sla()
        finally:
            event.remove(db.engine, "before_cursor_execute", _count)
        return count

    for i in range(3):
        file_case(f"2024-03-04 10:0{i}", office=["LIM", "CUS", "PUN"][i])
    now_lima("2024-05-06 09:00")
    few = statements_of_a_fresh_scan()
    for i in range(40):
        file_case(f"2024-03-{4 + i % 4:02d} 11:{i:02d}", office=["LIM", "CUS", "PUN"][i % 3])
    now_lima("2024-05-06 09:00")
    many = statements_of_a_fresh_scan()
    assert many == few
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 43


def test_alerts_api_lists_the_alerts_the_caller_may_see(api, file_case, now_lima):
    lima = file_case("2024-03-04 10:00", office="LIM")
    cusco = file_case("2024-03-04 10:00", office="CUS")
    denuncia = file_case("2024-03-04 10:00", type="denuncia")
    now_lima("2024-04-10 09:00")
    scan_sla()
    now_lima("2024-04-18 09:00")
    scan_sla()
    agent = api("agent", "LIM")
    body = agent.get("/api/v1/alerts").json
    assert {(i["ticket"], i["level"]) for i in body["items"]} == {
        (lima.code, "por_vencer"), (lima.code, "vencido")}
    assert body["items"][0]["raised_at"].startswith("2024-04-18T14:00:00")
    national = api("national_supervisor")
    overdue = national.get("/api/v1/alerts?level=vencido").json["items"]
    assert {i["ticket"] for i in overdue} == {lima.code, cusco.code}
    assert [i["ticket"] for i in national.get("/api/v1/alerts?office=CUS&level=vencido").json["items"]] \
        == [cusco.code]
    sealed = api("integrity").get("/api/v1/alerts").json["items"]
    assert {i["ticket"] for i in sealed} == {denuncia.code}
    wrong = national.get("/api/v1/alerts?level=urgente")
    assert wrong.status_code == 422 and "level" in wrong.json["error"]["fields"]
    assert agent.client.get("/api/v1/alerts").status_code == 401
