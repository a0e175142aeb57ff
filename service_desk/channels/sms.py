"""SMS through Twilio's Messages API, for citizens who left only a phone number."""

from __future__ import annotations

from service_desk.channels import DeliveryError
from service_desk.channels.whatsapp import TwilioSettings, create_message, make_client

# One SMS answer is split in parts of this size (Twilio concatenates up to 1,600 characters).
SMS_CHUNK = 1500


class SmsSender:
    """Sends one SMS from TWILIO_SMS_FROM."""

    def __init__(self, settings: TwilioSettings, sender: str, client=None) -> None:
        if not (settings.account_sid and settings.auth_token and sender):
            raise DeliveryError("SMS no configurado (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, "
                                "TWILIO_SMS_FROM).")
        self.sender = sender
        self.client = client or make_client(settings)

    def send(self, recipient: str, body: str, status_callback: str | None = None) -> str:
        kwargs = {"status_callback": status_callback} if status_callback else {}
        return create_message(self.client, to=recipient, from_=self.sender, body=body, **kwargs)
