"""Supervisor forms: the queue filters and the case assignment are shared with the agent pages."""

from service_desk.web.agent.forms import AssignForm, FilterForm

__all__ = ["AssignForm", "FilterForm"]
