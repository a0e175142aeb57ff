"""Adapters at the edge: WhatsApp through Twilio, e-mail through SMTP and IMAP.

They speak the providers' protocols and nothing else: no database, no rules.
Failures are raised as DeliveryError so the outbox knows whether to retry.
"""

from __future__ import annotations


class DeliveryError(Exception):
    """A message could not be handed to its provider.

    `permanent` is True when retrying cannot help (a rejected number or address);
    otherwise the outbox retries later with backoff.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
