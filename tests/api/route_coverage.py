"""Which API routes have authorisation expectations somewhere in the suite."""

from __future__ import annotations

# Rules covered by tests/api/test_authorisation_matrix.py; other modules add theirs to
# EXTRA_COVERED with the test that holds them.
COVERED = {
    "/api/v1/offices", "/api/v1/tickets", "/api/v1/tickets/<code>", "/api/v1/tickets/<code>/close",
    "/api/v1/tickets/<code>/annul", "/api/v1/calendar/due-date", "/api/v1/calendar/non-working-days",
    "/api/v1/tickets/<code>/reclassify",
}
EXTRA_COVERED: dict[str, str] = {
    "/api/v1/openapi.json": "tests/api/test_openapi.py (public by design: describes, reveals no data)",
    "/api/v1/alerts": "tests/scheduler/test_alerts.py::test_alerts_api_lists_the_alerts_the_caller_may_see",
    "/api/v1/indicators/3":
        "tests/scheduler/test_indicator3.py::test_supervisors_see_their_own_office_and_other_roles_none",
    "/api/v1/surveys": "tests/surveys/test_survey_results.py::"
                       "test_an_office_supervisor_sees_only_its_office_and_agents_nothing",
    "/api/v1/reports/semester": "tests/reports/test_semester_report.py::"
                                "test_only_national_supervisors_get_the_report",
    "/api/v1/sync/batches": "tests/field/test_sync_api.py::test_each_role_syncs_only_where_it_may_register",
    "/api/v1/trips": "tests/trips/test_trips_api.py::test_each_role_gets_the_expected_outcome_on_trips",
    "/api/v1/trips/<int:trip_id>":
        "tests/trips/test_trips_api.py::test_each_role_gets_the_expected_outcome_on_trips",
}


def uncovered_api_routes(app) -> list[str]:
    rules = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/")}
    return sorted(rules - COVERED - set(EXTRA_COVERED))
