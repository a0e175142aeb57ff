"""SQLAlchemy models, one module per area. Models never commit."""

from service_desk.models.admin_audit import UserChange
from service_desk.models.alerts import (  # noqa: F401  (scheduler models)
    Alert,
    ChannelTarget,
    IndicatorSnapshot,
    JobLease,
    Notification,
)
from service_desk.models.audit import AccessLogEntry, CitizenChange
from service_desk.models.auth import LoginThrottle
from service_desk.models.calendar import DeadlinePolicy, NonWorkingDay
from service_desk.models.channels import Attachment, InboundMessage, SenderLock  # noqa: F401  (citizen channels)
from service_desk.models.knowledge import AnswerArticle
from service_desk.models.outbox import OutboxMessage
from service_desk.models.people import ApiToken, Citizen, Office, User
from service_desk.models.reports import ReportNotice, SemesterReport
from service_desk.models.sealed import SealedRecord
from service_desk.models.search import install_search  # noqa: F401  (search triggers, after_create)
from service_desk.models.surveys import Survey
from service_desk.models.sync import SyncBatch, SyncRecordResult
from service_desk.models.templates import MessageTemplate
from service_desk.models.tickets import Ticket, TicketCounter, TicketEvent
from service_desk.models.trips import Trip
from service_desk.models.workbench import SavedFilter

__all__ = [
    "AccessLogEntry", "AnswerArticle", "ApiToken", "Citizen", "CitizenChange", "DeadlinePolicy",
    "LoginThrottle",
    "MessageTemplate", "NonWorkingDay", "Office", "SavedFilter",
    "OutboxMessage", "ReportNotice", "SealedRecord",
    "SemesterReport", "Survey", "SyncBatch", "SyncRecordResult", "Ticket", "TicketCounter",
    "TicketEvent", "Trip", "User", "UserChange",
]
