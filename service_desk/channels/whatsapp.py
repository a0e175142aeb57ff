"""WhatsApp through Twilio: signature checks, TwiML replies and the Messages API.

The real `twilio` client is used everywhere; TWILIO_API_BASE_URL points it at
another host (a fake API on 127.0.0.1 in tests, a proxy in production).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

if TYPE_CHECKING:  # the REST client pulls in `requests` (~5 MB): imported when sending
    from twilio.rest import Client

from service_desk.channels import DeliveryError

PREFIX = "whatsapp:"
TIMEOUT_SECONDS = 15
# Rejections that retrying cannot fix; 401/403/408/429 and 5xx are worth another try.
RETRYABLE_4XX = frozenset({401, 403, 408, 429})


def address(number: str) -> str:
    """`whatsapp:+51987654321` for a number with or without the prefix."""
    return number if number.startswith(PREFIX) else PREFIX + number


def phone_of(address_: str) -> str:
    """The bare E.164 number of a `whatsapp:` address."""
    return address_.removeprefix(PREFIX)


def signature_is_valid(auth_token: str, url: str, params: Mapping, signature: str | None) -> bool:
    """True when X-Twilio-Signature matches the public URL and the posted form."""
    if not auth_token or not signature:
        return False
    return RequestValidator(auth_token).validate(url, params, signature)


def media_of(form: Mapping) -> list[dict]:
    """The media a Twilio webhook announces (NumMedia, MediaUrlN, MediaContentTypeN)."""
    try:
        count = min(int(form.get("NumMedia") or 0), 10)
    except ValueError:
        count = 0
    return [{"url": form.get(f"MediaUrl{i}"), "content_type": form.get(f"MediaContentType{i}")}
            for i in range(count) if form.get(f"MediaUrl{i}")]


def twiml_message(text: str) -> str:
    """A TwiML document that answers the citizen with `text`."""
    response = MessagingResponse()
    response.message(text)
    return str(response)


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str
    auth_token: str
    sender: str
    base_url: str = ""

    @classmethod
    def from_config(cls, config: Mapping) -> TwilioSettings:
        return cls(config.get("TWILIO_ACCOUNT_SID", ""), config.get("TWILIO_AUTH_TOKEN", ""),
                   config.get("TWILIO_WHATSAPP_FROM", ""), config.get("TWILIO_API_BASE_URL", ""))


def make_client(settings: TwilioSettings) -> Client:
    """A Twilio client with a timeout; the environment's TWILIO_REGION/EDGE are ignored."""
    from twilio.http.http_client import TwilioHttpClient
    from twilio.rest import Client

    client = Client(settings.account_sid, settings.auth_token, environment={},
                    http_client=TwilioHttpClient(timeout=TIMEOUT_SECONDS))
    if settings.base_url:
        client.api.base_url = settings.base_url.rstrip("/")
    return client


def _requests():
    import requests

    return requests


class WhatsAppSender:
    """Sends one WhatsApp message through the Twilio Messages API."""

    def __init__(self, settings: TwilioSettings, client: Client | None = None) -> None:
        if not (settings.account_sid and settings.auth_token and settings.sender):
            raise DeliveryError("Twilio no está configurado (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, "
                                "TWILIO_WHATSAPP_FROM).")
        self.settings = settings
        self.client = client or make_client(settings)

    def send(self, recipient: str, body: str, media_urls: list[str] | None = None, *,
             content_sid: str | None = None, content_variables: dict | None = None,
             status_callback: str | None = None) -> str:
        """Hand the message to Twilio; returns its Message SID.

        With `content_sid` a pre-approved template is sent (outside the 24-hour session
        window Twilio allows only those) and `body` is not transmitted.
        """
        kwargs: dict = {"media_url": media_urls} if media_urls else {}
        if content_sid:
            kwargs |= {"content_sid": content_sid,
                       "content_variables": json.dumps(content_variables or {}, ensure_ascii=False)}
        else:
            kwargs["body"] = body
        if status_callback:
            kwargs["status_callback"] = status_callback
        return create_message(self.client, to=address(recipient),
                              from_=address(self.settings.sender), **kwargs)


def create_message(client: Client, **kwargs) -> str:
    """messages.create with Twilio's errors turned into DeliveryError (permanent or retryable)."""
    try:
        message = client.messages.create(**kwargs)
    except TwilioRestException as error:
        permanent = 400 <= error.status < 500 and error.status not in RETRYABLE_4XX
        raise DeliveryError(f"Twilio {error.status} ({error.code}): {error.msg}",
                            permanent=permanent) from error
    except (TwilioException, _requests().RequestException) as error:
        raise DeliveryError(f"Twilio no responde: {error}") from error
    return message.sid
