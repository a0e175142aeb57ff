"""The one list of pages the accessibility run visits, for every role that can open them.

A new HTML page gets a line in PAGES (who opens it, and the URL values it needs);
any other GET route goes in NOT_PAGES with the reason (JSON, a file, a redirect).
tests/accessibility/test_axe.py fails when a GET route is in neither list.
"""

from __future__ import annotations

from collections.abc import Callable

ANONYMOUS = "anonymous"
CASE_ROLES = ("agent", "itinerant", "supervisor", "national_supervisor")
WORKSPACE = (*CASE_ROLES, "integrity")
SUPERVISION = ("supervisor", "national_supervisor")
REPORTS = (*SUPERVISION, "admin")
ROLES = (ANONYMOUS, "agent", "itinerant", "supervisor", "national_supervisor", "integrity", "admin")

# endpoint: (roles that open it, URL values from the World, query string)
PAGES: dict[str, tuple[tuple[str, ...], Callable[[object], dict], str]] = {
    "main.index": ((ANONYMOUS,), lambda w: {}, ""),
    "auth.login": ((ANONYMOUS,), lambda w: {}, ""),
    "public.libro_form": ((ANONYMOUS,), lambda w: {}, ""),
    "public.lookup": ((ANONYMOUS,), lambda w: {}, ""),
    "public.privacy": ((ANONYMOUS,), lambda w: {}, ""),
    "public.constancia": ((ANONYMOUS,), lambda w: {"token": w.constancia}, ""),
    "public.survey": ((ANONYMOUS,), lambda w: {"token": w.survey_token}, ""),
    "public.faq": ((ANONYMOUS,), lambda w: {}, ""),
    "agent.register": (WORKSPACE, lambda w: {}, ""),
    "agent.mine": (WORKSPACE, lambda w: {}, ""),
    "agent.untriaged": (("agent", "supervisor", "national_supervisor"), lambda w: {}, ""),
    "agent.inbox": (WORKSPACE, lambda w: {}, ""),
    "agent.ticket": (WORKSPACE, lambda w: {"code": w.code}, ""),  # integrity: a denuncia
    "agent.closing_receipt": (CASE_ROLES, lambda w: {"code": w.closed_code}, ""),
    "agent.answers_for_case": (CASE_ROLES, lambda w: {"code": w.closed_code}, ""),
    "supervisor.overview": (SUPERVISION, lambda w: {}, ""),
    "supervisor.queue": (SUPERVISION, lambda w: {}, "sort=ciudadano&dir=desc"),
    "supervisor.workload": (SUPERVISION, lambda w: {}, ""),
    "supervisor.dashboard": (SUPERVISION, lambda w: {}, ""),
    "reports.alerts": ((*WORKSPACE, "admin"), lambda w: {}, ""),
    "reports.indicator": (REPORTS, lambda w: {}, "period=2024-T1"),
    "reports.indicator_tickets": (REPORTS, lambda w: {}, "period=2024-T1"),
    "reports.targets": (REPORTS, lambda w: {}, ""),
    "reports.surveys": (REPORTS, lambda w: {}, ""),
    "reports.questions": (REPORTS, lambda w: {}, ""),
    "reports.answers": (("national_supervisor", "admin"), lambda w: {}, ""),
    "reports.edit_answer": (("national_supervisor", "admin"), lambda w: {}, ""),
    "reports.languages": (REPORTS, lambda w: {}, ""),
    "reports.itinerant": (REPORTS, lambda w: {}, ""),
    "reports.semester": (("national_supervisor",), lambda w: {}, ""),
    "trips.index": (CASE_ROLES, lambda w: {}, ""),
    "trips.new": (("itinerant", "supervisor", "national_supervisor"), lambda w: {}, ""),
    "trips.show": (CASE_ROLES, lambda w: {"trip_id": w.trip_id}, ""),
    "admin.message_templates": (("admin",), lambda w: {}, ""),
    "admin.edit_message_template": (("admin",), lambda w: {"key": "response_whatsapp", "language": "qu"}, ""),
    "reports.edit_targets": (("national_supervisor", "admin"), lambda w: {}, ""),
    "admin.users": (("admin",), lambda w: {}, ""),
    "admin.user": (("admin",), lambda w: {"user_id": w.other_user_id}, ""),
    "admin.non_working_days": (("admin",), lambda w: {}, ""),
    "admin.deadlines": (("admin",), lambda w: {}, ""),
    "admin.access_log": (("admin",), lambda w: {}, ""),
    "field.app_shell": (("agent", "itinerant", "supervisor"), lambda w: {}, ""),
}

NOT_PAGES = {
    "main.healthz": "JSON", "main.favicon": "an icon file",
    "agent.citizen_lookup": "JSON for the registration form",
    "agent.apply_filter": "a redirect to a queue", "supervisor.export_queue": "CSV or Excel file",
    "admin.access_log_csv": "CSV file", "reports.indicator_export": "Excel file",
    "reports.targets_export": "Excel file", "reports.surveys_export": "Excel file",
    "public.constancia_download": "PDF file", "reports.languages_export": "Excel file",
    "reports.semester_download": "PDF, Excel or JSON file", "field.districts": "JSON",
    "field.trips": "JSON", "agent.attachment": "an attached file",
    "agent.whatsapp_media": "a WhatsApp media file", "field.validation_rules": "JSON",
    "public.static": "static file", "static": "static file",
    "field.manifest": "web app manifest", "field.reference_data": "JSON",
    "field.service_worker": "JavaScript", "field.session_info": "JSON",
}


# Pages without an endpoint of their own: the error page.
EXTRA_PATHS = {"/no-existe": (ANONYMOUS, "agent")}


def is_outside_pages(endpoint: str) -> bool:
    """API routes answer JSON: never a page."""
    return endpoint.startswith("api.") or endpoint in NOT_PAGES


def pages_for(role: str) -> list[str]:
    return [endpoint for endpoint, (roles, _, _) in PAGES.items() if role in roles]
